package dev.fleetsh.shell;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.SecretStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code fleetsh} command: options, then the REPL, stdin mode or {@code -c} commands. */
@Command(name = "fleetsh", sortOptions = false, usageHelpAutoWidth = true, separator = " ",
    versionProvider = Main.Version.class,
    description = {"An interactive shell for fleet operations: run commands on many hosts, "
        + "sudo/su accounts and containers in parallel over a live tree of SSH connections.",
        "",
        "With stdin a terminal, starts the REPL. Otherwise reads commands from stdin, one per "
            + "line, sharing one live tree. With -c, runs the given commands and exits."},
    footer = {"", "Examples:",
        "  fleetsh",
        "  fleetsh -c 'run local uname -a'",
        "  fleetsh -i hosts.ini restart.groovy @web",
        "  printf 'run web01 uptime\\nrun web02 uptime\\n' | fleetsh -F ~/.ssh/config",
        "", ExitCodes.HELP,
        "", "Files: ~/.fleetsh/history (REPL history), ~/.fleetsh/fleetsh.log (log); "
            + "FLEETSH_HOME moves both."})
public final class Main implements Callable<Integer> {

  @Option(names = "-F", paramLabel = "FILE",
      description = "ssh_config file (default: ~/.ssh/config when it exists).")
  Path sshConfig;

  @Option(names = "-i", paramLabel = "FILE",
      description = "Inventory file; may repeat.")
  List<Path> inventories = new ArrayList<>();

  @Option(names = "--secrets", paramLabel = "FILE",
      description = "File of NAME = VALUE secrets; must be private (mode 0600).")
  Path secrets;

  @Option(names = "-c", paramLabel = "COMMANDS",
      description = "Run these commands, one per line, then exit; may repeat.")
  List<String> commands;

  @Option(names = {"-v", "--verbose"},
      description = "Log more to ~/.fleetsh/fleetsh.log: -v info, -vv debug, -vvv trace.")
  boolean[] verbose = new boolean[0];

  @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "SCRIPT.groovy [ARGS]",
      description = "Run a Groovy script (with args bound) instead of the REPL, then exit.")
  List<String> script = new ArrayList<>();

  @Option(names = "--completion", paramLabel = "SHELL",
      description = "Print the completion script for bash or zsh (as completions/fleetsh.bash) "
          + "and exit: source <(fleetsh --completion bash).")
  String completion;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Show the version and exit.")
  boolean version;

  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  Main(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static void main(String[] args) {
    // Groovy is on the class path for scripts; without this, picocli looks for Groovy
    // closures in every annotation and loads some 230 Groovy classes before the prompt.
    System.setProperty("picocli.disable.closures", "true");
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs fleetsh as the {@code fleetsh} command would and returns its exit status. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Main main = new Main(in, out, err);
    CommandLine cl = new CommandLine(main);
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("fleetsh: " + Session.firstLine(ex.getMessage()));
      err.println("Try 'fleetsh --help' for more.");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, p) -> {
      err.println("fleetsh: " + Session.firstLine(SecretStore.maskAll(String.valueOf(ex.getMessage()))));
      return ExitCodes.INTERNAL;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    if (completion != null) {
      if (!completion.equals("bash") && !completion.equals("zsh")) {
        stderr.println("fleetsh: --completion " + completion + ": bash or zsh");
        return ExitCodes.USAGE;
      }
      stdout.print(completionScript());
      stdout.flush();
      return ExitCodes.OK;
    }
    Path home = Home.dir();
    Logging.configure(home, verbose.length);
    SecretStore store = new SecretStore();
    if (secrets != null) {
      try {
        store.load(secrets);
      } catch (IOException e) {
        return fatal(e.getMessage());
      }
    }
    Path config = sshConfig;
    if (config != null && !Files.isReadable(config)) {
      return fatal("-F " + config + ": no such readable file");
    }
    if (config == null) {
      Path dflt = Path.of(System.getProperty("user.home"), ".ssh", "config");
      config = Files.isReadable(dflt) ? dflt : null;
    }
    for (Path inv : inventories) {
      if (!Files.isReadable(inv)) {
        return fatal("-i " + inv + ": no such readable file");
      }
    }
    FleetConfig.Builder b = FleetConfig.builder().sshConfig(config).secrets(store);
    inventories.forEach(b::inventory);
    if (!script.isEmpty()) {
      if (commands != null) {
        return fatal("-c and a script do not go together");
      }
      return runScript(b);
    }
    boolean tty = commands == null && Terminals.stdinIsTerminal() && stdin == System.in;
    if (tty) {
      return new Repl(b, home).run();
    }
    try (Fleet fleet = Fleet.open(b.build())) {
      Console console = new Console(
          new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true),
          new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true), false);
      try (Session session = new Session(fleet, console)) {
        Thread hook = new Thread(session::interrupt, "fleetsh-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          return commands != null ? runScripts(session) : runStdin(session);
        } finally {
          removeHook(hook);
        }
      }
    }
  }

  /**
   * The bash completion script for the {@code fleetsh} command, written by picocli from these
   * options; zsh runs it through bashcompinit, which the script loads itself.
   */
  static String completionScript() {
    return picocli.AutoComplete.bash("fleetsh",
        new CommandLine(new Main(InputStream.nullInputStream(), System.out, System.err)));
  }

  /** {@code fleetsh script.groovy ARGS}: exit status from the script, 1 if it threw, 2 if bad. */
  private int runScript(FleetConfig.Builder b) throws IOException {
    Path file = Path.of(script.get(0));
    if (!Files.isReadable(file)) {
      return fatal(file + ": no such readable script");
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
    Thread main = Thread.currentThread();
    // SIGINT ends the JVM: first interrupt the script, so that its running command is
    // cancelled on every target, and give that a moment.
    Thread hook = new Thread(() -> {
      main.interrupt();
      try {
        main.join(5000);
      } catch (InterruptedException ignored) {
        // Exiting anyway.
      }
    }, "fleetsh-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Fleet fleet = Fleet.open(b.build())) {
      Object v = new dev.fleetsh.shell.script.ScriptRunner(fleet, out)
          .run(file, script.subList(1, script.size()));
      out.flush();
      return v instanceof Integer code ? code : ExitCodes.OK;
    } catch (dev.fleetsh.shell.script.ScriptRunner.ScriptException e) {
      out.flush();
      stderr.println(e.getMessage());
      return e.compile() ? ExitCodes.USAGE : ExitCodes.FAILED;
    } finally {
      removeHook(hook);
    }
  }

  private int runScripts(Session session) {
    int n = 0;
    for (String script : commands) {
      for (String line : script.split("\\R")) {
        n++;
        if (runLine(session, "-c line " + n, line)) {
          return session.worstExit();
        }
      }
    }
    return session.worstExit();
  }

  private int runStdin(Session session) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (runLine(session, "line " + n, line)) {
        break;
      }
    }
    return session.worstExit();
  }

  /** Runs one line; reports it if it failed. True when the session asked to exit. */
  private static boolean runLine(Session session, String where, String line) {
    int code = session.execute(line);
    if (code != ExitCodes.OK) {
      String why = session.lastFailure();
      session.console().error("fleetsh: " + where + ": '" + SecretStore.maskAll(line.strip())
          + "' failed" + (why == null ? " (exit status " + code + ")" : ": " + why));
    }
    return session.exitRequested();
  }

  private int fatal(String message) {
    stderr.println("fleetsh: " + SecretStore.maskAll(message));
    return ExitCodes.USAGE;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // The JVM is already shutting down; the hook runs.
    }
  }

  /** Reads the version the build stamped into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/fleetsh-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"fleetsh " + p.getProperty("version", "unknown"),
          "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name")
              + " " + System.getProperty("os.arch")};
    }
  }
}
