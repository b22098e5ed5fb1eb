package dev.fleetsh.engine;

/** Progress of a transfer, for a display: bytes moved per target, and each target's end. */
public interface TransferListener {

  TransferListener NONE = new TransferListener() {};

  /** {@code bytes} more moved for {@code target}, out of {@code total} for this file. */
  default void progress(Target target, long bytes, long total) {}

  default void finished(Result result) {}
}
