package dev.fleetsh.shell;

import dev.fleetsh.engine.Prompter;
import dev.fleetsh.engine.Secret;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;

/**
 * Asks for passwords and passphrases on the REPL's terminal with nothing echoed. Its own line
 * reader has a history that keeps nothing, so an answer never reaches the history file.
 * Ctrl-C or Ctrl-D at the prompt declines to answer.
 */
final class TerminalPrompter implements Prompter {

  private final LineReader reader;

  TerminalPrompter(Terminal terminal) {
    this.reader = LineReaderBuilder.builder().terminal(terminal).appName("fleetsh-secret")
        .history(new DefaultHistory() {
          @Override
          public void add(java.time.Instant time, String line) {
            // Never remember what was typed at a secret prompt.
          }
        })
        .build();
  }

  @Override
  public synchronized Secret ask(String prompt) {
    try {
      String answer = reader.readLine(prompt, '\0');
      return answer == null ? null : Secret.of(answer);
    } catch (UserInterruptException | EndOfFileException e) {
      return null;
    }
  }
}
