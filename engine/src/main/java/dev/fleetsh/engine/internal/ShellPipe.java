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
   * large transfers. The bytes are not copied: the caller leaves them unchanged until then.
   */
  default CompletableFuture<Void> write(byte[] bytes) throws IOException {
    return write(bytes, 0, bytes.length);
  }

  /** Queues {@code len} bytes of {@code bytes} from {@code off}, as {@link #write(byte[])}. */
  CompletableFuture<Void> write(byte[] bytes, int off, int len) throws IOException;

  /**
   * Ends the shell's stdin (end of file, as closing a pipe) once everything written before has
   * gone; its output goes on arriving until it ends.
   */
  CompletableFuture<Void> endInput();

  /** Ends the shell and releases the channel or process; safe to call twice. */
  @Override
  void close();
}
