package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.CommandOutput;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's entry point: a live tree of connections and the commands run over it. One Fleet
 * serves a whole session (a REPL, a script); close it to end every connection.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
 *   Results r = fleet.execute(fleet.targets("local"), "uname -a",
 *       ExecOptions.defaults(), ExecListener.NONE).await();
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {

  private final FleetConfig config;
  private final ScheduledExecutorService timers;
  private final ConnectionTree tree;

  private Fleet(FleetConfig config) {
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.timers = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "fleetsh-timer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.tree = new ConnectionTree(config, timers);
  }

  public static Fleet open(FleetConfig config) {
    return new Fleet(config);
  }

  public FleetConfig config() {
    return config;
  }

  public SecretStore secrets() {
    return config.secrets();
  }

  /**
   * Parses a comma-separated list of target paths.
   *
   * @throws TargetSyntaxException with the position of the first error
   */
  public List<Target> targets(String expression) {
    return TargetParser.parseList(expression.strip());
  }

  /**
   * Starts {@code command} on every target at once. The command is shell text handed verbatim
   * to each target's shell; its stdin is empty. Output streams to {@code listener}.
   */
  public Execution execute(List<Target> targets, String command, ExecOptions options,
      ExecListener listener) {
    CompletableFuture<Void> cancel = new CompletableFuture<>();
    List<CompletableFuture<Result>> each = new ArrayList<>();
    for (Target t : targets) {
      each.add(runOne(t, command, options, listener, cancel));
    }
    CompletableFuture<Results> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Results(each.stream().map(CompletableFuture::join).toList()));
    return new Execution(targets, all, cancel);
  }

  private CompletableFuture<Result> runOne(Target target, String command, ExecOptions options,
      ExecListener listener, CompletableFuture<Void> cancel) {
    long t0 = System.nanoTime();
    Capture capture = new Capture(target, listener, options.captureLimit());
    CompletableFuture<Result> result = new CompletableFuture<>();
    tree.context(target)
        .thenCompose(ctx -> cancel.isDone()
            ? CompletableFuture.failedFuture(
                new FleetException(FleetException.Kind.CANCELLED, "interrupted"))
            : ctx.exec(command, capture, options.timeout(), cancel))
        .whenComplete((status, err) -> {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          Result r;
          if (err == null) {
            r = new Result(target, status == 0 ? Result.Status.OK : Result.Status.FAILED, status,
                capture.out(), capture.err(), ms, null);
          } else {
            FleetException fe = (FleetException) Context.translate(err);
            r = new Result(target, fe.unreachable() ? Result.Status.UNREACHABLE : Result.Status.FAILED,
                null, capture.out(), capture.err(), ms, fe.getMessage());
          }
          try {
            listener.finished(r);
          } finally {
            result.complete(r);
          }
        });
    return result;
  }

  /** Sets up these targets' contexts now, in parallel; completes with each one's outcome. */
  public CompletableFuture<Results> connect(List<Target> targets) {
    return execute(targets, ":", ExecOptions.defaults().withCapture(0), ExecListener.NONE).future();
  }

  /** Closes these targets' contexts; they are set up again on next use. */
  public void disconnect(List<Target> targets) {
    targets.forEach(tree::disconnect);
  }

  /** How many connections may be set up at once ({@code set fanout N}). */
  public int fanout() {
    return tree.limiter().limit();
  }

  public void setFanout(int n) {
    tree.limiter().setLimit(n);
  }

  /** The live tree, sorted by path. */
  public List<NodeInfo> tree() {
    return tree.snapshot();
  }

  @Override
  public void close() {
    tree.close();
    timers.shutdownNow();
    config.secrets().close();
  }

  /** Streams output to the listener and keeps up to a limit of each stream for the result. */
  private static final class Capture implements CommandOutput {
    private final Target target;
    private final ExecListener listener;
    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Capture(Target target, ExecListener listener, int limit) {
      this.target = target;
      this.listener = listener;
      this.limit = limit;
    }

    @Override
    public void stdout(byte[] buf, int off, int len) {
      keep(out, buf, off, len);
      listener.stdout(target, buf, off, len);
    }

    @Override
    public void stderr(byte[] buf, int off, int len) {
      keep(err, buf, off, len);
      listener.stderr(target, buf, off, len);
    }

    private synchronized void keep(ByteArrayOutputStream to, byte[] buf, int off, int len) {
      int room = limit - to.size();
      if (room > 0) {
        to.write(buf, off, Math.min(room, len));
      }
    }

    synchronized byte[] out() {
      return out.toByteArray();
    }

    synchronized byte[] err() {
      return err.toByteArray();
    }
  }
}
