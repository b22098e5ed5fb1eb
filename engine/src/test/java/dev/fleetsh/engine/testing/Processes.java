package dev.fleetsh.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests. */
public final class Processes {

  private Processes() {}

  /**
   * True when process {@code pid} exists and is not a zombie. Killed orphans are reparented to
   * PID 1, which on some machines (containers, sandboxes) never reaps them: a zombie has ended.
   */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
