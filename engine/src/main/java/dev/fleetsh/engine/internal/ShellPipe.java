package dev.fleetsh.engine.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The controller's end of a running remote {@code /bin/sh}: its stdin to write to. Its stdout
 * and stderr are pushed to the {@link ShellSink} given when it was opened.
 */
public interface ShellPipe extends AutoCloseable {

  /**
   * Queues {@code bytes} for the shell's stdin; the future completes when they are on their
   * way (handed to the channel within its window, or written to the process), which paces
   * large transfers.
   */
  CompletableFuture<Void> write(byte[] bytes) throws IOException;

  /** Ends the shell and releases the channel or process; safe to call twice. */
  @Override
  void close();
}
