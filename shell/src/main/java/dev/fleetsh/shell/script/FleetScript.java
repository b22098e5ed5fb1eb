package dev.fleetsh.shell.script;

import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.Target;
import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base class of every fleetsh Groovy script: top-level {@code hosts}, {@code target},
 * {@code secret} and {@code rolling} over the {@code fleet} in the binding.
 */
public abstract class FleetScript extends Script {

  private ScriptFleet fleet() {
    return (ScriptFleet) getBinding().getVariable("fleet");
  }

  public List<Target> hosts(String expression) {
    return fleet().hosts(expression);
  }

  public Target target(String path) {
    return fleet().target(path);
  }

  public Secret secret(String name) {
    return fleet().secret(name);
  }

  /**
   * A staged roll-out: {@code rolling('@web', batch: 5, maxFailPercent: 20) { batch -> ... }}.
   * The closure gets each batch of targets in turn and returns its {@link Results} (or
   * nothing); after a batch, if more than {@code maxFailPercent} of all targets done so far
   * failed, the roll-out stops with an exception naming them. Returns every batch's results.
   */
  public List<Results> rolling(Map<String, ?> options, String targets, Closure<?> body) {
    Object b = options.get("batch");
    Object m = options.get("maxFailPercent");
    int batch = b == null ? 1 : Integer.parseInt(String.valueOf(b));
    double maxFail = m == null ? 0 : Double.parseDouble(String.valueOf(m));
    if (batch < 1) {
      throw new IllegalArgumentException("batch is at least 1");
    }
    List<Target> all = fleet().hosts(targets);
    List<Results> out = new ArrayList<>();
    int done = 0;
    int failed = 0;
    for (int i = 0; i < all.size(); i += batch) {
      List<Target> part = all.subList(i, Math.min(all.size(), i + batch));
      Object r = body.call(part);
      done += part.size();
      if (r instanceof Results results) {
        out.add(results);
        failed += results.failed().size() + results.unreachable().size();
      }
      if (failed * 100.0 / done > maxFail) {
        throw new IllegalStateException("rolling stopped after " + done + " of " + all.size()
            + " targets: " + failed + " failed, more than " + maxFail + "%");
      }
    }
    return out;
  }
}
