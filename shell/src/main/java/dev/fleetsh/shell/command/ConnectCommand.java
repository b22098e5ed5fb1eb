package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.shell.ExitCodes;
import java.util.List;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "connect", description = "Open connections to targets now, in parallel.",
    footer = {"", "Examples:", "  connect web01,web02", "  connect bastion/ssh:db01"})
final class ConnectCommand extends ShellCommand {

  @Parameters(index = "0", paramLabel = "TARGETS", description = "Comma-separated targets.")
  String targets;

  @Override
  public Integer call() throws InterruptedException {
    List<Target> list = session.expand(targets);
    Results results;
    try {
      results = session.fleet().connect(list).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
    results.forEach(r -> {
      if (r.ok()) {
        session.console().println(session.console().target(r.targetPath()) + ": connected");
      } else {
        session.console().error(r.describe());
      }
    });
    session.console().info(results.summary());
    int code = session.recordRun(results);
    return code == ExitCodes.OK ? ExitCodes.OK : code;
  }
}
