package dev.fleetsh.engine;

/**
 * Receives a running command's output as it arrives, per target. Calls for one target come in
 * order; calls for different targets may come from different threads at once.
 */
public interface ExecListener {

  ExecListener NONE = new ExecListener() {};

  default void stdout(Target target, byte[] buf, int off, int len) {}

  default void stderr(Target target, byte[] buf, int off, int len) {}

  default void finished(Result result) {}
}
