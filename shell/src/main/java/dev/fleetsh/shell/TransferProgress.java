package dev.fleetsh.shell;

import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TransferListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows a transfer's progress: on a terminal a status line redrawn a few times a second
 * (bytes, rate, time left, targets done); elsewhere one line per target as it finishes.
 */
public final class TransferProgress implements TransferListener, AutoCloseable {

  private final Console console;
  private final String verb;
  private final long expected;
  private final int targets;
  private final long t0 = System.nanoTime();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private final Thread ticker;
  private volatile boolean running = true;

  /** @param expected the bytes the whole transfer moves, or 0 when unknown */
  public TransferProgress(Console console, String verb, long expected, int targets) {
    this.console = console;
    this.verb = verb;
    this.expected = expected;
    this.targets = targets;
    this.ticker = new Thread(this::tick, "fleetsh-progress");
    ticker.setDaemon(true);
    if (console.color()) {
      ticker.start();
    }
  }

  @Override
  public void progress(Target target, long n, long total) {
    bytes.addAndGet(n);
  }

  @Override
  public void finished(Result r) {
    done.incrementAndGet();
    synchronized (console) {
      if (console.color()) {
        console.err().print("\r\u001b[K");
      }
      if (r.ok()) {
        console.println(console.target(r.targetPath()) + ": ok");
      } else {
        console.error(r.describe());
      }
    }
  }

  private void tick() {
    while (running) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (console) {
        console.err().print("\r\u001b[K" + status());
        console.err().flush();
      }
    }
  }

  private String status() {
    double s = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
    long b = bytes.get();
    double rate = b / s;
    StringBuilder line = new StringBuilder(verb).append(": ").append(size(b));
    if (expected > 0) {
      line.append(" of ").append(size(expected));
      if (rate > 0 && b < expected) {
        line.append(", ").append((long) ((expected - b) / rate)).append("s left");
      }
    }
    return line.append(", ").append(size((long) rate)).append("/s, ").append(done.get()).append('/')
        .append(targets).append(" targets done").toString();
  }

  /** Stops the status line and prints the summary. */
  public void end(Results results) {
    running = false;
    ticker.interrupt();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    double s = Math.max(1e-3, took.toNanos() / 1e9);
    synchronized (console) {
      if (console.color()) {
        console.err().print("\r\u001b[K");
      }
      console.info(results.summary() + " in " + String.format("%.2fs", s) + " ("
          + size(bytes.get()) + ", " + size((long) (bytes.get() / s)) + "/s)");
    }
  }

  static String size(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] u = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int i = -1;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format("%.1f %s", v, u[i]);
  }

  @Override
  public void close() {
    running = false;
    ticker.interrupt();
  }
}
