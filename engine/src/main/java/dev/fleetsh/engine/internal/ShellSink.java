package dev.fleetsh.engine.internal;

/** Receives what a running shell prints, in order per stream, from the transport's threads. */
public interface ShellSink {

  void stdout(byte[] buf, int off, int len);

  void stderr(byte[] buf, int off, int len);

  /** The shell has gone: its streams ended ({@code cause} null) or the link failed. */
  void closed(Throwable cause);
}
