package dev.fleetsh.shell.command;

import dev.fleetsh.shell.Session;
import dev.fleetsh.shell.Words;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A REPL command: a picocli {@code @Command} class, made anew for each line so that it holds
 * no state between calls. {@link #call()} returns an exit status from {@code ExitCodes}.
 */
public abstract class ShellCommand implements Callable<Integer> {

  /** Bad input that picocli could not see: reported as one line, exit status 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  protected Session session;
  protected String line;
  protected List<Words.Word> words;

  public void bind(Session session, String line, List<Words.Word> words) {
    this.session = session;
    this.line = line;
    this.words = words;
  }

  /** Configures the parser, for commands that take the rest of the line verbatim. */
  protected void configure(picocli.CommandLine cl) {}

  /** The raw text of the line from word {@code index} (0 is the command's name) to the end. */
  protected String rest(int index) {
    return line.substring(words.get(index).start());
  }
}
