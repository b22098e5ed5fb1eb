package dev.fleetsh.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether fleetsh's stdin is a terminal, which decides between the REPL and stdin mode. */
final class Terminals {

  private Terminals() {}

  static boolean stdinIsTerminal() {
    // The JDK has no isatty for stdin alone (System.console() also wants stdout a terminal,
    // and 'fleetsh | tee' should still be interactive). On Linux /proc says what fd 0 is.
    Path fd0 = Path.of("/proc/self/fd/0");
    if (Files.exists(fd0)) {
      try {
        String t = Files.readSymbolicLink(fd0).toString();
        return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException e) {
        return System.console() != null;
      }
    }
    return System.console() != null;
  }
}
