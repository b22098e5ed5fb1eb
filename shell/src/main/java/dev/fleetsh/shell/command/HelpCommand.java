package dev.fleetsh.shell.command;

import dev.fleetsh.shell.ExitCodes;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "help", description = "List the commands, or show one command's usage.",
    footer = {"", "Examples:", "  help", "  help run"})
final class HelpCommand extends ShellCommand {

  @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "A command to explain.")
  String topic;

  @Override
  public Integer call() {
    Map<String, Supplier<ShellCommand>> all = session.commands();
    if (topic != null) {
      Supplier<ShellCommand> f = all.get(topic);
      if (f == null) {
        throw new UsageException("no command '" + topic + "': type 'help' for the list");
      }
      session.console().println(
          Commands.commandLine(f.get()).getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
      return ExitCodes.OK;
    }
    StringBuilder b = new StringBuilder("Commands:\n");
    for (var e : all.entrySet()) {
      CommandLine cl = Commands.commandLine(e.getValue().get());
      String[] desc = cl.getCommandSpec().usageMessage().description();
      b.append(String.format("  %-12s %s%n", e.getKey(), desc.length > 0 ? desc[0] : ""));
      for (String f : cl.getCommandSpec().usageMessage().footer()) {
        if (f.startsWith("  ") && !f.isBlank()) {
          b.append(String.format("  %-12s %s%n", "", "e.g. " + f.strip()));
          break;
        }
      }
    }
    b.append("\nTargets: local, host, user@host:port, bastion/ssh:host; comma-separated.\n");
    b.append("Type 'help COMMAND' for a command's options and more examples.");
    session.console().println(b.toString());
    return ExitCodes.OK;
  }
}
