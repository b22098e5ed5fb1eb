package dev.fleetsh.bench;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Warm latency of one command on one host through the engine's public API, as a user's
 * {@code run HOST COMMAND} pays it: prints one line per command with the median and mean in
 * milliseconds. Usage: {@code Latency SSH_CONFIG HOST JIT_WARMUP WARMUP RUNS COMMAND...}: first
 * JIT_WARMUP calls of {@code :} bring the JVM to steady state (cheap, as no process starts),
 * then each command gets WARMUP calls of its own before RUNS measured ones.
 */
public final class Latency {

  private Latency() {}

  public static void main(String[] args) {
    if (args.length < 6) {
      System.err.println("usage: Latency SSH_CONFIG HOST JIT_WARMUP WARMUP RUNS COMMAND...");
      System.exit(2);
    }
    Path config = Path.of(args[0]);
    String host = args[1];
    int jit = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int runs = Integer.parseInt(args[4]);
    List<String> commands = Arrays.asList(args).subList(5, args.length);
    try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(config).build())) {
      List<Target> targets = fleet.targets(host);
      ExecOptions opts = ExecOptions.defaults().withCapture(0);
      for (int i = 0; i < jit; i++) {
        check(fleet.execute(targets, ":", opts, ExecListener.NONE).await(), ":");
      }
      for (String command : commands) {
        for (int i = 0; i < warmup; i++) {
          check(fleet.execute(targets, command, opts, ExecListener.NONE).await(), command);
        }
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          Results r = fleet.execute(targets, command, opts, ExecListener.NONE).await();
          ns[i] = System.nanoTime() - t0;
          check(r, command);
        }
        Arrays.sort(ns);
        double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
        System.out.printf("fleetsh\t%s\tmedian_ms=%.3f\tmean_ms=%.3f\tp90_ms=%.3f\tn=%d%n", command,
            ns[runs / 2] / 1e6, mean, ns[runs * 9 / 10] / 1e6, runs);
      }
    }
  }

  private static void check(Results r, String command) {
    if (!r.allOk()) {
      throw new IllegalStateException(command + ": " + r.all());
    }
  }
}
