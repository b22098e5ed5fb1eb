package dev.fleetsh.shell.command;

import dev.fleetsh.engine.NodeSet;
import dev.fleetsh.engine.inventory.Inventory;
import dev.fleetsh.shell.ExitCodes;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "groups", description = "List the inventory's groups with their member counts.",
    footer = {"", "The last command's outcome is also there as @ok, @failed and @unreachable.", "",
        "Examples:", "  groups", "  groups -v"})
final class GroupsCommand extends ShellCommand {

  @Option(names = {"-v", "--verbose"}, description = "Show each group's members, folded.")
  boolean verbose;

  @Override
  public Integer call() {
    Inventory inv = session.fleet().inventory();
    StringBuilder b = new StringBuilder();
    for (String g : inv.groupNames()) {
      Set<String> m = inv.members(g);
      b.append(String.format("@%-24s %6d", g, m.size()));
      if (verbose) {
        b.append("  ").append(NodeSet.fold(m));
      }
      b.append('\n');
    }
    var last = session.fleet().lastResults();
    b.append(String.format("@%-24s %6d%n@%-24s %6d%n@%-24s %6d", "ok", last.ok().size(), "failed",
        last.failed().size(), "unreachable", last.unreachable().size()));
    session.console().println(b.toString());
    return ExitCodes.OK;
  }
}
