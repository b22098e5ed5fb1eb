package dev.fleetsh.shell.command;

import dev.fleetsh.engine.NodeInfo;
import dev.fleetsh.shell.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "tree",
    description = "Show the live tree: each node's state, address, via, time up and last RTT.",
    footer = {"", "Examples:", "  tree"})
final class TreeCommand extends ShellCommand {

  @Override
  public Integer call() {
    List<NodeInfo> nodes = session.fleet().tree();
    if (nodes.isEmpty()) {
      session.console().println("(no connections yet: run a command or 'connect TARGETS')");
      return ExitCodes.OK;
    }
    StringBuilder b = new StringBuilder(String.format("%-32s %-10s %-20s %-16s %8s %9s %6s%n",
        "TARGET", "STATE", "ADDRESS", "VIA", "UP", "LAST RTT", "SHELLS"));
    Instant now = Instant.now();
    for (NodeInfo n : nodes) {
      String indent = "  ".repeat(n.target().hops().size() - 1);
      b.append(String.format("%-32s %-10s %-20s %-16s %8s %9s %6d%n",
          indent + (indent.isEmpty() ? n.target().path() : n.target().last().toString()),
          n.state().name().toLowerCase(), n.address() == null ? "-" : n.address(),
          n.via() == null ? "-" : n.via(),
          n.upSince() == null ? "-" : up(Duration.between(n.upSince(), now)),
          n.lastRtt() == null ? "-" : rtt(n.lastRtt()), n.shells()));
      if (n.error() != null) {
        b.append(String.format("%-32s   %s%n", "", n.error()));
      }
    }
    session.console().println(b.toString().stripTrailing());
    return ExitCodes.OK;
  }

  private static String up(Duration d) {
    long s = d.getSeconds();
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }

  private static String rtt(Duration d) {
    double ms = d.toNanos() / 1e6;
    return ms < 10 ? String.format("%.2fms", ms) : String.format("%.0fms", ms);
  }
}
