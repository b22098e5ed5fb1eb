package dev.fleetsh.shell.command;

import dev.fleetsh.engine.inventory.Inventory;
import dev.fleetsh.shell.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inventory", description = "Show the inventory's sources, or read them again.",
    footer = {"", "Examples:", "  inventory", "  inventory reload"})
final class InventoryCommand extends ShellCommand {

  @Parameters(arity = "0..1", paramLabel = "reload", description = "Re-read every source.")
  String action;

  @Override
  public Integer call() {
    if (action != null && !action.equals("reload")) {
      throw new UsageException("unknown action '" + action + "': only 'reload'");
    }
    if (action != null) {
      session.fleet().reloadInventory();
    }
    Inventory inv = session.fleet().inventory();
    StringBuilder b = new StringBuilder();
    b.append(inv.hostNames().size()).append(" hosts, ").append(inv.groupNames().size())
        .append(" groups");
    if (session.fleet().config().sshConfig() != null) {
      b.append("\n  ssh_config ").append(session.fleet().config().sshConfig());
    }
    inv.sources().forEach(p -> b.append("\n  inventory  ").append(p));
    session.console().println(b.toString());
    return ExitCodes.OK;
  }
}
