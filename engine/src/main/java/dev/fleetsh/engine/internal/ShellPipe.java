package dev.fleetsh.engine.internal;

import java.io.IOException;

/**
 * The controller's end of a running remote {@code /bin/sh}: its stdin to write to. Its stdout
 * and stderr are pushed to the {@link ShellSink} given when it was opened.
 */
public interface ShellPipe extends AutoCloseable {

  /** Writes and flushes {@code text} to the shell's stdin. */
  void write(byte[] text) throws IOException;

  /** Ends the shell and releases the channel or process; safe to call twice. */
  @Override
  void close();
}
