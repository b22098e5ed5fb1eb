package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.CommandOutput;
import dev.fleetsh.engine.internal.Handshake;
import dev.fleetsh.engine.internal.HandshakeException;
import dev.fleetsh.engine.internal.PersistentShell;
import dev.fleetsh.engine.internal.ShellGoneException;
import dev.fleetsh.engine.internal.ShellLauncher;
import dev.fleetsh.engine.internal.ShellText;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A place that runs commands: a small pool of persistent shells on one node of the tree, all
 * started through the same {@link ShellLauncher}. A command borrows a shell, so concurrent
 * commands on one context use different shells; an idle shell is kept for the next command.
 */
final class Context {

  private static final Logger log = LoggerFactory.getLogger(Context.class);
  /** How long an interrupted command may take to report its end once its processes are killed. */
  private static final long INTERRUPT_GRACE_MS = 5000;

  private final Target target;
  private final ShellLauncher launcher;
  /** A fresh handshake for each shell: each answers its own prompts once. */
  private final Supplier<Handshake> handshake;
  private final int maxShells;
  private final ScheduledExecutorService timers;
  private final Deque<PersistentShell> idle = new ArrayDeque<>();
  private final Deque<CompletableFuture<PersistentShell>> waiters = new ArrayDeque<>();
  private final java.util.Set<PersistentShell> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int live;
  private volatile long lastRttNanos = -1;
  private volatile boolean closed;

  Context(Target target, ShellLauncher launcher, Supplier<Handshake> handshake, int maxShells,
      ScheduledExecutorService timers) {
    this.target = target;
    this.launcher = launcher;
    this.handshake = handshake;
    this.maxShells = maxShells;
    this.timers = timers;
  }

  /**
   * A shell of this context for a transfer's data path, outside the pool: the caller makes it
   * {@link PersistentShell#become} a data script and it ends with the transfer.
   */
  CompletableFuture<PersistentShell> dataShell() {
    return PersistentShell.start(target.path(), launcher, handshake.get());
  }

  /** Starts one shell now if none is live, so that the first command finds one ready. */
  CompletableFuture<Void> warm() {
    return acquire().thenAccept(this::release);
  }

  long lastRttNanos() {
    return lastRttNanos;
  }

  synchronized int liveShells() {
    return live;
  }

  /**
   * Runs {@code command}. On timeout or when {@code cancel} completes, every process the
   * command started on the target is stopped before the returned future fails with a
   * {@link FleetException} of kind TIMEOUT or CANCELLED.
   */
  CompletableFuture<Integer> exec(String command, CommandOutput out, Duration timeout,
      CompletableFuture<?> cancel) {
    return acquire().thenCompose(shell -> {
      long t0 = System.nanoTime();
      CompletableFuture<Integer> ran = shell.exec(command, out);
      AtomicReference<FleetException> stopped = new AtomicReference<>();
      CompletableFuture<Void> killed = new CompletableFuture<>();
      CompletableFuture<Integer> result = new CompletableFuture<>();
      ScheduledFuture<?> timer = timeout == null ? null : timers.schedule(
          () -> interrupt(shell, ran, stopped, killed, new FleetException(
              FleetException.Kind.TIMEOUT, "timed out after " + human(timeout))),
          timeout.toMillis(), TimeUnit.MILLISECONDS);
      cancel.whenComplete((x, e) -> interrupt(shell, ran, stopped, killed,
          new FleetException(FleetException.Kind.CANCELLED, "interrupted")));
      ran.whenComplete((status, err) -> {
        if (timer != null) {
          timer.cancel(false);
        }
        lastRttNanos = System.nanoTime() - t0;
        FleetException why = stopped.get();
        if (why == null) {
          release(shell);
        } else {
          // The stopper may still be sending signals to what it froze: the shell goes back to
          // the pool only once it is done, so that no next command meets them.
          killed.whenComplete((x, e) -> release(shell));
        }
        if (why != null) {
          result.completeExceptionally(why);
        } else if (err != null) {
          result.completeExceptionally(translate(err));
        } else {
          result.complete(status);
        }
      });
      return result;
    });
  }

  /**
   * Stops what the command on {@code shell} started, then lets the shell report its end;
   * completes {@code killed} when the stopper is done.
   */
  private void interrupt(PersistentShell shell, CompletableFuture<Integer> ran,
      AtomicReference<FleetException> stopped, CompletableFuture<Void> killed, FleetException why) {
    if (ran.isDone() || !stopped.compareAndSet(null, why)) {
      return;
    }
    log.debug("{}: stopping the command in shell pid {}: {}", target, shell.pid(), why.getMessage());
    stopChildren(shell).whenComplete((s, e) -> {
      if (e != null) {
        log.debug("{}: could not start a shell to stop the command: {}", target, e.toString());
        shell.close();
      } else {
        timers.schedule(() -> {
          if (!ran.isDone()) {
            shell.close();
          }
        }, INTERRUPT_GRACE_MS, TimeUnit.MILLISECONDS);
      }
      killed.complete(null);
    });
  }

  /**
   * Stops every process {@code shell} started (not the shell itself), from a shell of its own:
   * the shell's tree is frozen, then ended, as {@link ShellText#killTree} does it.
   */
  CompletableFuture<Integer> stopChildren(PersistentShell shell) {
    return PersistentShell.start(target.path(), launcher, handshake.get())
        .thenCompose(killer -> killer.exec(ShellText.killTree(shell.pid()), CommandOutput.DISCARD)
            .whenComplete((s, e) -> killer.close()));
  }

  private CompletableFuture<PersistentShell> acquire() {
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new FleetException(FleetException.Kind.CONNECTION_LOST,
            "disconnected"));
      }
      while (!idle.isEmpty()) {
        PersistentShell s = idle.pop();
        if (s.isAlive()) {
          return CompletableFuture.completedFuture(s);
        }
        live--;
      }
      if (live >= maxShells) {
        CompletableFuture<PersistentShell> w = new CompletableFuture<>();
        waiters.add(w);
        return w;
      }
      live++;
    }
    return startShell();
  }

  private CompletableFuture<PersistentShell> startShell() {
    return PersistentShell.start(target.path(), launcher, handshake.get()).whenComplete((s, e) -> {
      if (e == null) {
        all.add(s);
        if (closed) {
          s.close();
        }
      } else {
        CompletableFuture<PersistentShell> next;
        synchronized (this) {
          live--;
          next = waiters.poll();
        }
        if (next != null) {
          next.completeExceptionally(e);
        }
      }
    });
  }

  private void release(PersistentShell shell) {
    CompletableFuture<PersistentShell> waiter;
    boolean replace = false;
    synchronized (this) {
      if (closed) {
        shell.close();
        return;
      }
      waiter = waiters.poll();
      if (!shell.isAlive()) {
        all.remove(shell);
        live--;
        if (waiter != null) {
          live++;
          replace = true;
        }
      } else if (waiter == null) {
        idle.push(shell);
        return;
      }
    }
    if (waiter == null) {
      return;
    }
    if (replace) {
      startShell().whenComplete((s, e) -> {
        if (e != null) {
          waiter.completeExceptionally(e);
        } else {
          waiter.complete(s);
        }
      });
    } else {
      waiter.complete(shell);
    }
  }

  /** Ends every shell; running commands fail with a lost connection. */
  void close() {
    Deque<PersistentShell> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
      live = 0;
      waiters.forEach(w -> w.completeExceptionally(
          new FleetException(FleetException.Kind.CONNECTION_LOST, "disconnected")));
      waiters.clear();
    }
    toClose.forEach(PersistentShell::close);
    all.forEach(PersistentShell::close);
    all.clear();
  }

  static Throwable translate(Throwable err) {
    Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (e instanceof FleetException) {
      return e;
    }
    if (e instanceof HandshakeException) {
      return new FleetException(FleetException.Kind.AUTH, e.getMessage(), e);
    }
    if (e instanceof ShellGoneException) {
      return new FleetException(FleetException.Kind.CONNECTION_LOST, e.getMessage(), e);
    }
    return new FleetException(FleetException.Kind.UNREACHABLE, String.valueOf(e.getMessage()), e);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
