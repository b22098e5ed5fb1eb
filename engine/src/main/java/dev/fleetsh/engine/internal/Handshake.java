package dev.fleetsh.engine.internal;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Deals with what a starting shell prints before it announces itself: a password prompt from
 * sudo, su or doas, or noise from a login shell. Called with everything seen so far on stdout
 * and stderr (as text, oldest first) each time more arrives.
 */
@FunctionalInterface
public interface Handshake {

  /** Ignores everything until the shell announces itself. */
  Handshake NONE = (text, reply) -> 0;

  /**
   * @param text what arrived and was not yet consumed
   * @param reply writes to the starting shell's stdin (a password line)
   * @return how many leading characters of {@code text} were dealt with and can be dropped
   * @throws IOException to fail the start, with a message naming target and cause
   */
  int early(String text, Consumer<byte[]> reply) throws IOException;

  /**
   * The shell ended before it announced itself, last saying {@code stderr}: the handshake may
   * explain why better than that text (a wrong su password), or return null.
   */
  default IOException ended(String stderr) {
    return null;
  }
}
