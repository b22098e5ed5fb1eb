package dev.fleetsh.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** fleetsh's own directory: {@code $FLEETSH_HOME}, else {@code ~/.fleetsh}; private to the user. */
public final class Home {

  private Home() {}

  /** Where the directory is, whether or not it exists yet. */
  public static Path path() {
    String env = System.getenv("FLEETSH_HOME");
    return env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".fleetsh");
  }

  /** The directory, made (private to the user) if it is not there. */
  static Path dir() throws IOException {
    Path dir = path();
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
