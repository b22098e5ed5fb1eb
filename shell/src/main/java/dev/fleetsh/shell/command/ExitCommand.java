package dev.fleetsh.shell.command;

import dev.fleetsh.shell.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "exit", aliases = "quit",
    description = "Leave fleetsh, closing every connection (Ctrl-D does the same).",
    footer = {"", "Examples:", "  exit"})
final class ExitCommand extends ShellCommand {

  @Override
  public Integer call() {
    session.requestExit();
    return ExitCodes.OK;
  }
}
