package dev.fleetsh.engine;

import java.time.Duration;

/**
 * How to run a command: a timeout (null for none) after which the remote processes are
 * stopped, and how many bytes of each stream to keep in the {@link Result} (0 keeps none, so
 * output only streams to the listener and memory stays bounded).
 */
public record ExecOptions(Duration timeout, int captureLimit) {

  public static final int DEFAULT_CAPTURE = 16 * 1024 * 1024;

  public static ExecOptions defaults() {
    return new ExecOptions(null, DEFAULT_CAPTURE);
  }

  public ExecOptions withTimeout(Duration t) {
    return new ExecOptions(t, captureLimit);
  }

  public ExecOptions withCapture(int limit) {
    return new ExecOptions(timeout, limit);
  }
}
