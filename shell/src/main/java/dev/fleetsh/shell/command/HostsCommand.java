package dev.fleetsh.shell.command;

import dev.fleetsh.engine.FleetException;
import dev.fleetsh.engine.Route;
import dev.fleetsh.engine.Target;
import dev.fleetsh.shell.ExitCodes;
import dev.fleetsh.shell.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hosts", description = "Expand a target expression and print it folded.",
    footer = {"", "Without EXPR: the current targets (see 'use'), else every known host.", "",
        "Examples:", "  hosts web[01-20]!web07", "  hosts -l @web&@prod", "  hosts @failed"})
final class HostsCommand extends ShellCommand {

  @Option(names = "-l", description = "One target per line, with address, user and via.")
  boolean list;

  @Parameters(arity = "0..1", paramLabel = "EXPR", description = "A target expression.")
  String expression;

  @Override
  public Integer call() {
    String expr = expression != null ? expression
        : session.currentTargets() != null ? session.currentTargets() : "@all";
    List<Target> targets = session.expand(expr);
    if (!list) {
      session.console().println(Session.fold(targets));
      return ExitCodes.OK;
    }
    StringBuilder b = new StringBuilder(String.format("%-32s %-24s %-12s %s%n", "TARGET", "ADDRESS",
        "USER", "VIA"));
    for (Target t : targets) {
      String address;
      String user;
      String via;
      try {
        Route r = session.fleet().route(t);
        address = r.address();
        user = r.user();
        via = r.via().isEmpty() ? "-" : String.join(",", r.via());
      } catch (FleetException e) {
        address = "?";
        user = "?";
        via = e.getMessage();
      }
      b.append(String.format("%-32s %-24s %-12s %s%n", t.path(), address, user, via));
    }
    session.console().println(b.toString().stripTrailing());
    return ExitCodes.OK;
  }
}
