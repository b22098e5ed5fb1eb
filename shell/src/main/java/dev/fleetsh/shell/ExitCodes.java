package dev.fleetsh.shell;

/**
 * fleetsh's exit statuses. A session ends with the highest status any of its commands gave.
 */
public final class ExitCodes {

  /** Every command succeeded on every target. */
  public static final int OK = 0;
  /** A command exited with a non-zero status, timed out or was interrupted on some target. */
  public static final int FAILED = 1;
  /** Bad command-line option, bad command, bad target expression, or a script error. */
  public static final int USAGE = 2;
  /** Some target could not be reached: connection, host key, authentication. */
  public static final int UNREACHABLE = 3;
  /** fleetsh itself failed: a bug or an unusable environment. */
  public static final int INTERNAL = 4;

  /** The text {@code --help} shows. */
  public static final String HELP = "Exit status:%n"
      + "  0  every command succeeded on every target%n"
      + "  1  a command failed (non-zero exit, timeout, interrupt) on some target%n"
      + "  2  bad option, command, target expression or script%n"
      + "  3  some target was unreachable (connection, host key, authentication)%n"
      + "  4  internal error";

  private ExitCodes() {}
}
