package dev.fleetsh.shell.command;

import dev.fleetsh.shell.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "set", description = "Show or change session settings.",
    footer = {"", "Settings:",
        "  fanout N   how many connections are set up at once (default 64)", "",
        "Examples:", "  set", "  set fanout 16"})
final class SetCommand extends ShellCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A setting.")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "Its new value.")
  String value;

  @Override
  public Integer call() {
    if (name == null) {
      session.console().println("fanout " + session.fleet().fanout());
      return ExitCodes.OK;
    }
    if (!name.equals("fanout")) {
      throw new UsageException("no setting '" + name + "': see 'help set'");
    }
    if (value == null) {
      session.console().println("fanout " + session.fleet().fanout());
      return ExitCodes.OK;
    }
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > 10_000) {
      throw new UsageException("fanout takes a whole number from 1 to 10000, not '" + value + "'");
    }
    session.fleet().setFanout(n);
    return ExitCodes.OK;
  }
}
