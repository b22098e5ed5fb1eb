package dev.fleetsh.engine.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Starts one more persistent shell in a context: a process, an SSH channel, a hop's prefix.
 * The shell it starts must announce itself with {@link ShellText#announce(String)} once it is
 * ready, so that a launcher whose command first authenticates (sudo, su, doas) sends nothing
 * to the shell before it is really there.
 */
@FunctionalInterface
public interface ShellLauncher {

  CompletableFuture<ShellPipe> launch(ShellSink sink, String token);
}
