package dev.fleetsh.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** fleetsh's own directory: {@code $FLEETSH_HOME}, else {@code ~/.fleetsh}; private to the user. */
final class Home {

  private Home() {}

  static Path dir() throws IOException {
    String env = System.getenv("FLEETSH_HOME");
    Path dir = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".fleetsh");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system.
      }
    }
    return dir;
  }
}
