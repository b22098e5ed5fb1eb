package dev.fleetsh.shell;

import dev.fleetsh.engine.SecretStore;
import java.io.PrintWriter;

/**
 * Where a session prints: normal output, errors and diagnostics, and whether it may use colour.
 * Writers are shared across threads, so callers print whole lines. Every line printed through
 * it has known secret values masked: one filter, whatever the caller forgot.
 */
public final class Console {

  private static final String[] PALETTE = {
      "\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[96m",
      "\u001b[93m", "\u001b[95m", "\u001b[92m", "\u001b[94m"};
  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[31m";

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean color;

  public Console(PrintWriter out, PrintWriter err, boolean color) {
    this.out = out;
    this.err = err;
    this.color = color;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public boolean color() {
    return color;
  }

  /** A target's name in its own colour, stable across commands. */
  public String target(String name) {
    if (!color) {
      return name;
    }
    return PALETTE[Math.floorMod(name.hashCode(), PALETTE.length)] + name + RESET;
  }

  /** Prints a one-line error to stderr, red on a terminal. */
  public synchronized void error(String message) {
    String m = SecretStore.maskAll(message);
    err.println(color ? RED + m + RESET : m);
    err.flush();
  }

  public synchronized void info(String message) {
    err.println(SecretStore.maskAll(message));
    err.flush();
  }

  public synchronized void println(String line) {
    out.println(SecretStore.maskAll(line));
    out.flush();
  }
}
