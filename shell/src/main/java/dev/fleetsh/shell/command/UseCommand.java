package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Target;
import dev.fleetsh.shell.ExitCodes;
import dev.fleetsh.shell.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "use", description = "Set the targets of commands that omit them (like ansible-console's cd).",
    footer = {"", "The prompt then shows them. 'run COMMAND' runs there; so does 'run . COMMAND'.",
        "The expression is evaluated again at each use, so @failed follows the last command.", "",
        "Examples:", "  use @web", "  use web[01-04]/sudo:root", "  use --clear"})
final class UseCommand extends ShellCommand {

  @Option(names = "--clear", description = "Forget the current targets.")
  boolean clear;

  @Parameters(arity = "0..1", paramLabel = "EXPR", description = "A target expression.")
  String expression;

  @Override
  public Integer call() {
    if (clear) {
      session.use(null);
      return ExitCodes.OK;
    }
    if (expression == null) {
      String cur = session.currentTargets();
      session.console().println(cur == null ? "(no current targets: 'use EXPR' sets them)" : cur);
      return ExitCodes.OK;
    }
    List<Target> t = session.expand(expression);
    session.use(expression);
    session.console().println(Session.fold(t) + " ("
        + t.size() + ")");
    return ExitCodes.OK;
  }
}
