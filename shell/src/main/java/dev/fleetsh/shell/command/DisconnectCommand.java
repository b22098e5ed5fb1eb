package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Target;
import dev.fleetsh.shell.ExitCodes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "disconnect",
    description = "Close targets' connections; the next command opens them again.",
    footer = {"", "Examples:", "  disconnect web01", "  disconnect local"})
final class DisconnectCommand extends ShellCommand {

  @Parameters(index = "0", paramLabel = "TARGETS", description = "Comma-separated targets.")
  String targets;

  @Override
  public Integer call() {
    List<Target> list = session.expand(targets);
    session.fleet().disconnect(list);
    list.forEach(t -> session.console().println(session.console().target(t.path()) + ": disconnected"));
    return ExitCodes.OK;
  }
}
