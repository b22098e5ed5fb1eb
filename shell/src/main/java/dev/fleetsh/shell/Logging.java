package dev.fleetsh.shell;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Points the log at fleetsh's home and sets its level from {@code -v}. */
final class Logging {

  private Logging() {}

  static void configure(Path home, int verbosity) {
    System.setProperty("fleetsh.log", home.resolve("fleetsh.log").toString());
    Level level = switch (verbosity) {
      case 0 -> Level.WARN;
      case 1 -> Level.INFO;
      case 2 -> Level.DEBUG;
      default -> Level.TRACE;
    };
    // Logback reads fleetsh.log when it first starts, which is here: nothing logged before.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    if (verbosity >= 3) {
      ((Logger) LoggerFactory.getLogger("org.apache.sshd")).setLevel(Level.DEBUG);
    }
  }
}
