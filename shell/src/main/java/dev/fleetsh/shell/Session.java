package dev.fleetsh.shell;

import dev.fleetsh.engine.Execution;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.NodeSet;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TargetSyntaxException;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.shell.command.Commands;
import dev.fleetsh.shell.command.ShellCommand;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One fleetsh session: a live {@link Fleet}, the console it prints to, and the commands typed
 * into it. The REPL, stdin mode and {@code -c} all run lines through {@link #execute(String)}.
 */
public final class Session implements AutoCloseable {

  private final Fleet fleet;
  private final Console console;
  private final Map<String, Supplier<ShellCommand>> commands = Commands.all();
  private volatile Execution current;
  private volatile boolean exitRequested;
  private int worst = ExitCodes.OK;
  private String lastFailure;
  private volatile String using;
  private dev.fleetsh.shell.script.ScriptRunner scripts;
  /** The thread running a script (source, = lines), for Ctrl-C. */
  private volatile Thread scriptThread;

  public Session(Fleet fleet, Console console) {
    this.fleet = fleet;
    this.console = console;
  }

  public Fleet fleet() {
    return fleet;
  }

  public Console console() {
    return console;
  }

  public Map<String, Supplier<ShellCommand>> commands() {
    return commands;
  }

  /** Runs one command line and returns its exit status (see {@link ExitCodes}). */
  public int execute(String line) {
    lastFailure = null;
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return ExitCodes.OK;
    }
    if (trimmed.startsWith("=")) {
      return evalGroovy(trimmed.substring(1));
    }
    List<Words.Word> words;
    try {
      words = Words.split(trimmed);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    String name = words.get(0).text();
    Supplier<ShellCommand> factory = commands.get(name);
    if (factory == null) {
      return usage("unknown command '" + name + "': type 'help' for the list");
    }
    ShellCommand cmd = factory.get();
    cmd.bind(this, trimmed, words);
    CommandLine cl = Commands.commandLine(cmd);
    String[] args = words.stream().skip(1).map(Words.Word::text).toArray(String[]::new);
    int code;
    try {
      CommandLine.ParseResult parsed = cl.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        console.println(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
        return ExitCodes.OK;
      }
      code = cmd.call();
    } catch (CommandLine.ParameterException e) {
      return usage(name + ": " + firstLine(e.getMessage()) + " (see 'help " + name + "')");
    } catch (ShellCommand.UsageException e) {
      return usage(name + ": " + e.getMessage());
    } catch (Exception e) {
      console.error(name + ": " + firstLine(String.valueOf(e.getMessage())));
      code = ExitCodes.INTERNAL;
    }
    worst = Math.max(worst, code);
    return code;
  }

  private int usage(String message) {
    console.error(message);
    lastFailure = message;
    worst = Math.max(worst, ExitCodes.USAGE);
    return ExitCodes.USAGE;
  }

  /** The Groovy runner of this session, on its live tree. */
  public synchronized dev.fleetsh.shell.script.ScriptRunner scripts() {
    if (scripts == null) {
      scripts = new dev.fleetsh.shell.script.ScriptRunner(fleet, console.out());
    }
    return scripts;
  }

  /** {@code = expr}: Groovy in a binding that lasts the session; prints the value. */
  private int evalGroovy(String groovy) {
    try {
      Object v = runningScript(() -> scripts().eval(groovy));
      if (v != null) {
        console.println(SecretStore.maskAll(org.codehaus.groovy.runtime.InvokerHelper.toString(v)));
      }
      return ExitCodes.OK;
    } catch (dev.fleetsh.shell.script.ScriptRunner.ScriptException e) {
      lastFailure = firstLine(e.getMessage());
      console.error(e.getMessage());
      int code = e.compile() ? ExitCodes.USAGE : ExitCodes.FAILED;
      worst = Math.max(worst, code);
      return code;
    } catch (Exception e) {
      console.error(String.valueOf(e.getMessage()));
      worst = Math.max(worst, ExitCodes.INTERNAL);
      return ExitCodes.INTERNAL;
    }
  }

  /** The expression set by {@code use}, or null. */
  public String currentTargets() {
    return using;
  }

  public void use(String expression) {
    using = expression;
  }

  /**
   * The targets of an expression; a bad expression or one that matches nothing is a usage
   * error that names it.
   */
  public List<Target> expand(String expression) {
    List<Target> t;
    try {
      t = fleet.targets(expression);
    } catch (TargetSyntaxException e) {
      throw new ShellCommand.UsageException(e.getMessage());
    }
    if (t.isEmpty()) {
      throw new ShellCommand.UsageException("'" + expression + "' matches no targets: nothing run");
    }
    return t;
  }

  /** Targets folded as ClusterShell writes them: {@code web[01-04,07]}. */
  public static String fold(List<Target> targets) {
    return NodeSet.fold(targets.stream().map(Target::path).toList());
  }

  /** The prompt: {@code fleetsh> }, or with current targets {@code fleetsh web[01-04] (4)> }. */
  public String prompt() {
    String cur = using;
    if (cur == null) {
      return "fleetsh> ";
    }
    try {
      List<Target> t = fleet.targets(cur);
      return "fleetsh " + fold(t) + " (" + t.size() + ")> ";
    } catch (RuntimeException e) {
      return "fleetsh " + cur + " (?)> ";
    }
  }

  /** What went wrong in the last command, in one line, or null when it succeeded. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Records a run's outcome and returns its exit status. */
  public int recordRun(Results results) {
    if (results.allOk()) {
      return ExitCodes.OK;
    }
    StringBuilder why = new StringBuilder(results.summary()).append(" (");
    List<Result> bad = results.all().stream().filter(r -> !r.ok()).toList();
    for (int i = 0; i < Math.min(3, bad.size()); i++) {
      why.append(i == 0 ? "" : "; ").append(bad.get(i).describe());
    }
    lastFailure = why.append(bad.size() > 3 ? "; ...)" : ")").toString();
    return results.unreachable().isEmpty() ? ExitCodes.FAILED : ExitCodes.UNREACHABLE;
  }

  /** Runs {@code execution} to its end; {@link #interrupt()} cancels it meanwhile. */
  public Results await(Execution execution) {
    current = execution;
    try {
      return execution.await();
    } finally {
      current = null;
    }
  }

  /** Ctrl-C: stops the running command on every target, or the running script. */
  public boolean interrupt() {
    Thread t = scriptThread;
    if (t != null) {
      t.interrupt();
      return true;
    }
    Execution e = current;
    if (e != null) {
      e.cancel();
      return true;
    }
    return false;
  }

  /** Runs Groovy on this thread so that {@link #interrupt()} can stop it. */
  public <T> T runningScript(java.util.concurrent.Callable<T> body) throws Exception {
    scriptThread = Thread.currentThread();
    try {
      return body.call();
    } finally {
      scriptThread = null;
      Thread.interrupted();
    }
  }

  public void requestExit() {
    exitRequested = true;
  }

  public boolean exitRequested() {
    return exitRequested;
  }

  /** The highest exit status of any command so far. */
  public int worstExit() {
    return worst;
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  @Override
  public void close() {
    Execution e = current;
    if (e != null) {
      e.cancel();
    }
    fleet.close();
  }
}
