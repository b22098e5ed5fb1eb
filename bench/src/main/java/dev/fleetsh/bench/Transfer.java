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
 *   Transfer SSH_CONFIG HOST file LOCAL REMOTE RUNS [PEER ARGV...]
 *                                        one file, RUNS times after one warm-up run
 *   Transfer SSH_CONFIG HOST tree LOCAL REMOTE RUNS [PEER ARGV...]
 *                                        a directory, recursively
 * </pre>
 * With a peer's command line (its first word names it in the output), each fleetsh run is
 * followed by one run of the peer, so that both meet the same state of the machine (the page
 * cache's write-back of the last file, other load): on two shared cores, separate series of
 * runs differed by more than the ratio being measured. Prints one line per measurement with
 * the median and the best, in milliseconds.
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
          print("fleetsh", "put 4 KiB", put);
          print("fleetsh", "run true", cmd);
        }
        case "file", "tree" -> {
          int runs = Integer.parseInt(a[5]);
          List<String> peer = Arrays.asList(a).subList(Math.min(a.length, 6), a.length);
          long[] ns = new long[runs];
          long[] peerNs = new long[runs];
          TransferOptions o = TransferOptions.defaults().withRecursive(a[2].equals("tree"));
          // One warm-up run: the JIT compiles the data path during it.
          check(fleet.put(t, Path.of(a[3]), a[4], o, TransferListener.NONE));
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            check(fleet.put(t, Path.of(a[3]), a[4], o, TransferListener.NONE));
            ns[i] = System.nanoTime() - t0;
            if (!peer.isEmpty()) {
              peerNs[i] = timed(peer);
            }
          }
          print("fleetsh", "put " + a[2], ns);
          if (!peer.isEmpty()) {
            print(a[6], "put " + a[2], peerNs);
          }
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

  /** Runs a peer's command to its end, its output discarded; returns the wall time in ns. */
  private static long timed(List<String> argv) {
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(argv + " exited with " + p.exitValue());
      }
      return System.nanoTime() - t0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void print(String tool, String what, long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    System.out.printf("%s\t%s\tmedian_ms=%.3f\tbest_ms=%.3f\tn=%d%n", tool, what,
        s[s.length / 2] / 1e6, s[0] / 1e6, s.length);
  }
}
