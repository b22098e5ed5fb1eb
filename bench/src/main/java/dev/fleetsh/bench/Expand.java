package dev.fleetsh.bench;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.NodeSet;
import dev.fleetsh.engine.Target;
import java.util.List;

/**
 * Time to evaluate and fold a large target expression, as {@code hosts EXPR} does: prints the
 * first (cold JVM) and the median of later evaluations. Usage: {@code Expand EXPR [RUNS]}.
 */
public final class Expand {

  private Expand() {}

  public static void main(String[] args) {
    String expr = args.length > 0 ? args[0] : "node[00001-10000]";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
      long[] ns = new long[runs];
      int size = 0;
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        List<Target> t = fleet.targets(expr);
        String folded = NodeSet.fold(t.stream().map(Target::path).toList());
        ns[i] = System.nanoTime() - t0;
        size = t.size() + (folded.isEmpty() ? 1 : 0);
      }
      long first = ns[0];
      java.util.Arrays.sort(ns, 1, runs);
      System.out.printf("fleetsh\texpand %s (%d targets)\tfirst_ms=%.1f\tmedian_ms=%.1f%n", expr,
          size, first / 1e6, ns[1 + (runs - 1) / 2] / 1e6);
    }
  }
}
