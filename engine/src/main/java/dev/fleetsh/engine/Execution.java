package dev.fleetsh.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One command running on many targets. {@link #cancel()} stops it everywhere: the remote
 * processes are killed, and the targets report CANCELLED.
 */
public final class Execution {

  private final List<Target> targets;
  private final CompletableFuture<Results> done;
  private final CompletableFuture<Void> cancel;

  Execution(List<Target> targets, CompletableFuture<Results> done, CompletableFuture<Void> cancel) {
    this.targets = List.copyOf(targets);
    this.done = done;
    this.cancel = cancel;
  }

  public List<Target> targets() {
    return targets;
  }

  /** Stops the command on every target; {@link #await()} still returns every result. */
  public void cancel() {
    cancel.complete(null);
  }

  public boolean isDone() {
    return done.isDone();
  }

  public CompletableFuture<Results> future() {
    return done;
  }

  /**
   * Waits for every target's result. If this thread is interrupted, the command is cancelled
   * everywhere and the wait goes on until the remote processes are gone.
   */
  public Results await() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a run failed as a whole", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
