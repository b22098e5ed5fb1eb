package dev.fleetsh.engine;

/**
 * Asks the user for a secret the engine needs and does not know: a password or a key
 * passphrase. The REPL asks on the terminal, masked; without a terminal there is no one to ask
 * and {@link #NONE} answers null, so the engine fails with a message saying how to provide it.
 * Calls are serialised by the engine: one question at a time.
 */
@FunctionalInterface
public interface Prompter {

  Prompter NONE = prompt -> null;

  /** Asks {@code prompt}; returns null when no answer can be had. */
  Secret ask(String prompt);
}
