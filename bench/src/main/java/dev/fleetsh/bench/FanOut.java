package dev.fleetsh.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * fleetsh's side of the fan-out benchmark: one command on many hosts. Usage:
 * {@code FanOut SSH_CONFIG TARGETS WARM_RUNS COMMAND...}. In one fresh JVM, as a user's first
 * {@code run}:
 * <ol>
 *   <li>cold: connect to every target and run the first command (wall time and this process's
 *       CPU time, per connection);
 *   <li>reconnect (up to 100 targets): disconnect all and do it again in the same JVM, once
 *       the code is compiled (the CPU a long-lived controller pays per new connection);
 *   <li>warm: each command WARM_RUNS times on the open tree (median);
 *   <li>the process's peak resident memory, from /proc/self/status.
 * </ol>
 */
public final class FanOut {

  private FanOut() {}

  public static void main(String[] a) throws Exception {
    if (a.length < 4) {
      System.err.println("usage: FanOut SSH_CONFIG TARGETS WARM_RUNS COMMAND...");
      System.exit(2);
    }
    int warmRuns = Integer.parseInt(a[2]);
    List<String> commands = Arrays.asList(a).subList(3, a.length);
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(Path.of(a[0])).build())) {
      List<Target> targets = fleet.targets(a[1]);
      int n = targets.size();
      ExecOptions opts = ExecOptions.defaults().withCapture(0);
      String first = commands.get(0);
      // Reconnecting is measured on the smaller sets only: it tells the same at 500 as at 100.
      for (String phase : n <= 100 ? List.of("cold", "reconnect") : List.of("cold")) {
        if (phase.equals("reconnect")) {
          fleet.disconnect(targets);
        }
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        check(fleet.execute(targets, first, opts, ExecListener.NONE).await(), phase);
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        System.out.printf("fleetsh\t%s %s x%d\tmedian_ms=%.3f\tcpu_ms_per_host=%.3f\tn=1%n",
            phase, first, n, wall / 1e6, cpu / 1e6 / n);
      }
      for (String cmd : commands) {
        for (int i = 0; i < Math.max(3, warmRuns / 5); i++) {
          check(fleet.execute(targets, cmd, opts, ExecListener.NONE).await(), cmd);
        }
        long[] ns = new long[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
          long t0 = System.nanoTime();
          check(fleet.execute(targets, cmd, opts, ExecListener.NONE).await(), cmd);
          ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf("fleetsh\twarm %s x%d\tmedian_ms=%.3f\tbest_ms=%.3f\tn=%d%n",
            cmd, n, ns[warmRuns / 2] / 1e6, ns[0] / 1e6, warmRuns);
      }
      System.out.printf("fleetsh\tpeak memory x%d\trss_mib=%.1f\theap_used_mib=%.1f%n", n,
          peakRssKib() / 1024.0, heapUsedMib());
    }
  }

  private static double heapUsedMib() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) / 1048576.0;
  }

  /** VmHWM: the most resident memory this process has had. */
  static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void check(Results r, String what) {
    if (r.ok().size() != r.all().size()) {
      System.err.println("FanOut: " + what + ": " + r + ", e.g. "
          + r.all().stream().filter(x -> !x.ok()).findFirst().orElseThrow());
      System.exit(1);
    }
  }
}
