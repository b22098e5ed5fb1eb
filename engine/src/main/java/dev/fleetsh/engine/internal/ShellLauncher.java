package dev.fleetsh.engine.internal;

import java.util.concurrent.CompletableFuture;

/** Starts one more {@code /bin/sh} in a context: a process, an SSH channel, a hop's prefix. */
@FunctionalInterface
public interface ShellLauncher {

  CompletableFuture<ShellPipe> launch(ShellSink sink);
}
