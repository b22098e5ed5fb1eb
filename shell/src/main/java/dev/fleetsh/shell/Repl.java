package dev.fleetsh.shell;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.SecretStore;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive loop: line editing, history in fleetsh's home, completion. Ctrl-C clears the
 * line or stops the running command and never exits; Ctrl-D exits.
 */
final class Repl {

  private final FleetConfig.Builder config;
  private final Path home;

  Repl(FleetConfig.Builder config, Path home) {
    this.config = config;
    this.home = home;
  }

  int run() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().name("fleetsh").system(true).build()) {
      Console console = new Console(terminal.writer(),
          new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
          !"dumb".equals(terminal.getType()));
      Fleet fleet = Fleet.open(config.prompter(new TerminalPrompter(terminal)).build());
      try (Session session = new Session(fleet, console)) {
        return loop(terminal, session, home.resolve("history"));
      }
    }
  }

  /** The loop itself, over any terminal: tests drive it with a dumb one on pipes. */
  static int loop(Terminal terminal, Session session, Path history) {
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("fleetsh")
        .history(new SecretFreeHistory())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.HISTORY_SIZE, 5000)
        .completer(new ShellCompleter(session))
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> session.interrupt());
    try {
      terminal.writer().println("fleetsh: type 'help' for commands, Ctrl-D to leave.");
      while (!session.exitRequested()) {
        String line;
        try {
          line = reader.readLine(session.prompt());
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        session.execute(line);
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      try {
        reader.getHistory().save();
      } catch (IOException ignored) {
        // History is a convenience; losing it is not worth failing the exit.
      }
    }
    return session.worstExit();
  }

  /** A history that never keeps a line containing a known secret value. */
  static final class SecretFreeHistory extends DefaultHistory {
    @Override
    public void add(Instant time, String line) {
      if (line.equals(SecretStore.maskAll(line))) {
        super.add(time, line);
      }
    }
  }
}
