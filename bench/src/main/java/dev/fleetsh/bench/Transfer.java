package dev.fleetsh.bench;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TransferListener;
import dev.fleetsh.engine.TransferOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * fleetsh's side of the transfer benchmarks, on a warm connection. Usage:
 * <pre>
 *   Transfer SSH_CONFIG HOST small REMOTE_DIR RUNS   a 4 KiB put, and a warm run of true
 *   Transfer SSH_CONFIG HOST file LOCAL REMOTE RUNS  one file, RUNS times
 *   Transfer SSH_CONFIG HOST tree LOCAL REMOTE RUNS  a directory, recursively
 * </pre>
 * Prints one line per measurement with the median and the best, in milliseconds.
 */
public final class Transfer {

  private Transfer() {}

  public static void main(String[] a) {
    try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(Path.of(a[0])).build())) {
      List<Target> t = fleet.targets(a[1]);
      check(fleet.execute(t, "true", ExecOptions.defaults(), ExecListener.NONE).await());
      switch (a[2]) {
        case "small" -> {
          int runs = Integer.parseInt(a[4]);
          byte[] data = new byte[4096];
          new java.util.Random(1).nextBytes(data);
          long[] put = new long[runs];
          long[] cmd = new long[runs];
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            check(fleet.put(t, data, a[3] + "/small.bin", TransferOptions.defaults()));
            put[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            check(fleet.execute(t, "true", ExecOptions.defaults(), ExecListener.NONE).await());
            cmd[i] = System.nanoTime() - t0;
          }
          print("put 4 KiB", put);
          print("run true", cmd);
        }
        case "file", "tree" -> {
          int runs = Integer.parseInt(a[5]);
          long[] ns = new long[runs];
          TransferOptions o = TransferOptions.defaults().withRecursive(a[2].equals("tree"));
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            check(fleet.put(t, Path.of(a[3]), a[4], o, TransferListener.NONE));
            ns[i] = System.nanoTime() - t0;
          }
          print("put " + a[2], ns);
        }
        default -> throw new IllegalArgumentException("unknown mode " + a[2]);
      }
    }
  }

  private static void check(Results r) {
    if (!r.allOk()) {
      throw new IllegalStateException(r.all().toString());
    }
  }

  private static void print(String what, long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    System.out.printf("fleetsh\t%s\tmedian_ms=%.3f\tbest_ms=%.3f\tn=%d%n", what, s[s.length / 2] / 1e6,
        s[0] / 1e6, s.length);
  }
}
