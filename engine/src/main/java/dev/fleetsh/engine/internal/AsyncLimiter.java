package dev.fleetsh.engine.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs at most {@code limit} asynchronous tasks at once; the rest wait in order. Used for the
 * fan-out limit on connection set-up, where a blocking semaphore would tie up threads.
 */
public final class AsyncLimiter {

  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int limit;
  private int running;

  public AsyncLimiter(int limit) {
    setLimit(limit);
  }

  public synchronized int limit() {
    return limit;
  }

  public void setLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit is at least 1");
    }
    synchronized (this) {
      this.limit = limit;
    }
    drain();
  }

  /** Starts {@code task} when a place is free; the result completes with the task's. */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> f;
      try {
        f = task.get();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete((v, e) -> {
        synchronized (this) {
          running--;
        }
        drain();
        if (e != null) {
          result.completeExceptionally(e);
        } else {
          result.complete(v);
        }
      });
    };
    synchronized (this) {
      waiting.add(start);
    }
    drain();
    return result;
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (running >= limit || waiting.isEmpty()) {
          return;
        }
        running++;
        next = waiting.poll();
      }
      next.run();
    }
  }
}
