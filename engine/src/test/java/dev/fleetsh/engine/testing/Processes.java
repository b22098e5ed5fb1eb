package dev.fleetsh.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests. */
public final class Processes {

  private Processes() {}

  /** The network namespace a process is in, as the kernel names it ({@code net:[4026...]}). */
  public static String netnsOf(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
    } catch (IOException e) {
      return "";
    }
  }

  /** The network namespace of a lab host. */
  public static String netnsOf(String labHost) {
    try {
      var real = Path.of("/run/netns/fl-" + labHost);
      var st = Files.getAttribute(real, "unix:ino");
      return "net:[" + st + "]";
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "?";
    }
  }

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

  /** The running (not zombie) processes with {@code arg} as one of their arguments. */
  public static java.util.List<Long> withArgument(String arg) {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            try {
              String[] args = new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0");
              return java.util.Arrays.asList(args).contains(arg);
            } catch (IOException e) {
              return false;
            }
          })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(Processes::running)
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * How long a stopped process may take to be gone: a signalled process ends when it is next
   * scheduled, which on a loaded machine can come after the command was reported stopped;
   * the stopper sends KILL to what is left after one second. A process that escaped runs on.
   */
  private static final long END_WITHIN_MS = 3000;

  /** True when process {@code pid} has ended or ends within a few seconds. */
  public static boolean endsSoon(long pid) {
    long deadline = System.currentTimeMillis() + END_WITHIN_MS;
    while (running(pid)) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      pause();
    }
    return true;
  }

  /** The processes with {@code arg} as an argument still running after a few seconds. */
  public static java.util.List<Long> survivorsWithArgument(String arg) {
    long deadline = System.currentTimeMillis() + END_WITHIN_MS;
    java.util.List<Long> left = withArgument(arg);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      pause();
      left = withArgument(arg);
    }
    return left;
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
