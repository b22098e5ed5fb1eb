package dev.fleetsh.shell.command;

import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Execution;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.shell.ExitCodes;
import dev.fleetsh.shell.RunPrinter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", separator = " ",
    description = "Run a shell command on targets in parallel.",
    footer = {"", "COMMAND is the rest of the line, handed verbatim to each target's shell:",
        "quotes, pipes, ';' and redirections take effect on the target. A command written as",
        "one quoted string ('a; b') is unquoted once, as with ssh host 'a; b'.", "",
        "Examples:",
        "  run local uname -a",
        "  run web01,web02 'df -h / | tail -1'",
        "  run -g bastion/ssh:db01,bastion/ssh:db02 cat /etc/os-release",
        "  run --json --timeout 5 web01 systemctl is-active nginx"})
final class RunCommand extends ShellCommand {

  @Option(names = {"-g", "--gather"}, description = "Fold identical output of many targets.")
  boolean gather;

  @Option(names = "--json", description = "One JSON object per target per line.")
  boolean json;

  @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
      description = "Stop the command on targets still running it after SECONDS.")
  Double timeout;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0..*", paramLabel = "[TARGETS] COMMAND", arity = "1..*",
      description = "A target expression (web[01-04], @group, host/sudo:user, local; '.' or "
          + "nothing for the targets set by 'use'), then the command to run.")
  List<String> positional;

  /**
   * With targets set by {@code use}, whether the first word names targets rather than starting
   * the command: it uses the expression syntax, or it is a known host, {@code local}, or an
   * address.
   */
  private boolean looksLikeTargets(String word) {
    if (word.equals("local") || word.chars().anyMatch(c -> "@,![]/&^*?:".indexOf(c) >= 0)) {
      return true;
    }
    return session.fleet().inventory().host(word) != null
        || word.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /**
   * A command given as one quoted string, {@code 'a; b'} or {@code "a; b"}, is unquoted once,
   * as the user's shell would for {@code ssh host 'a; b'} or {@code clush -w host 'a; b'}.
   * Anything else is handed over verbatim.
   */
  static String unquoteWhole(String text) {
    if (text.length() >= 2) {
      char q = text.charAt(0);
      if ((q == '\'' || q == '"') && text.charAt(text.length() - 1) == q) {
        String inner = text.substring(1, text.length() - 1);
        if (q == '\'' && inner.indexOf('\'') < 0) {
          return inner;
        }
        if (q == '"' && inner.replace("\\\"", "").indexOf('"') < 0) {
          return inner.replace("\\\"", "\"");
        }
      }
    }
    return text;
  }

  @Override
  protected void configure(picocli.CommandLine cl) {
    cl.setStopAtPositional(true);
  }

  @Override
  public Integer call() {
    if (timeout != null && !(timeout > 0)) {
      throw new UsageException("--timeout takes a positive number of seconds");
    }
    String current = session.currentTargets();
    String first = positional.get(0);
    String expression;
    int commandWords;
    if (first.equals(".") || (current != null && !looksLikeTargets(first))) {
      if (current == null) {
        throw new UsageException("no current targets: give TARGETS, or set them with 'use'");
      }
      expression = current;
      commandWords = first.equals(".") ? positional.size() - 1 : positional.size();
    } else {
      expression = first;
      commandWords = positional.size() - 1;
    }
    if (commandWords == 0) {
      throw new UsageException("no command to run (see 'help run')");
    }
    List<Target> list = session.expand(expression);
    String text = unquoteWhole(rest(words.size() - commandWords));
    ExecOptions options = ExecOptions.defaults()
        .withCapture(json || gather ? ExecOptions.DEFAULT_CAPTURE : 0)
        .withTimeout(timeout == null ? null : Duration.ofMillis((long) (timeout * 1000)));
    RunPrinter printer = new RunPrinter(session.console(), json ? RunPrinter.Mode.JSON
        : gather ? RunPrinter.Mode.GATHER : RunPrinter.Mode.STREAM);
    long t0 = System.nanoTime();
    Execution execution = session.fleet().execute(list, text, options, printer);
    Results results = session.await(execution);
    printer.end(results, Duration.ofNanos(System.nanoTime() - t0));
    int code = session.recordRun(results);
    return code == ExitCodes.OK ? ExitCodes.OK : code;
  }
}
