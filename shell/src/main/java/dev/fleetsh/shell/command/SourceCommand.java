package dev.fleetsh.shell.command;

import dev.fleetsh.shell.ExitCodes;
import dev.fleetsh.shell.script.ScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "source", description = "Run a Groovy script on this session's live tree.",
    footer = {"", "The script finds the connections the REPL made and leaves its own open for",
        "the next command. Lines starting with = evaluate Groovy directly: = hosts('@web').size()", "",
        "Examples:", "  source facts.groovy @web", "  = fleet.run('@db', 'uptime').failed"})
final class SourceCommand extends ShellCommand {

  @Parameters(index = "0", paramLabel = "FILE.groovy", description = "The script.")
  String file;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Its args.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path p = Path.of(file);
    if (!Files.isReadable(p)) {
      throw new UsageException(file + ": no such readable script");
    }
    try {
      Object v = session.runningScript(() -> session.scripts().run(p, args));
      return v instanceof Integer code ? code : ExitCodes.OK;
    } catch (ScriptRunner.ScriptException e) {
      session.console().error(e.getMessage());
      return e.compile() ? ExitCodes.USAGE : ExitCodes.FAILED;
    }
  }
}
