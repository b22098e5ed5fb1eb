package dev.fleetsh.shell.script;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TargetSyntaxException;
import dev.fleetsh.engine.TransferListener;
import dev.fleetsh.engine.TransferOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code fleet} object of Groovy scripts: the engine's API in the shapes scripts want,
 * over the same live tree as the REPL that runs them.
 *
 * <pre>
 * def r = fleet.run('@web', 'uptime')
 * r.failed.each { println "${it.target}: ${it.error ?: it.stderr}" }
 * fleet.put('@web', new File('app.conf'), '/etc/app/app.conf')
 * </pre>
 */
public final class ScriptFleet {

  private final Fleet fleet;

  public ScriptFleet(Fleet fleet) {
    this.fleet = fleet;
  }

  /** The engine itself, for what this object does not wrap. */
  public Fleet getEngine() {
    return fleet;
  }

  /** The targets of an expression; an error names the position, an empty match says so. */
  public List<Target> hosts(String expression) {
    try {
      return fleet.targets(expression);
    } catch (TargetSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** One target by its path, such as {@code web01/sudo:postgres}. */
  public Target target(String path) {
    return Target.parse(path);
  }

  /** A named secret, or null; it prints as {@value Secret#MASK}. */
  public Secret secret(String name) {
    return fleet.secrets().get(name);
  }

  /** Runs {@code command} on every target of {@code targets}; waits for all of them. */
  public Results run(String targets, String command) {
    return run(Map.of(), targets, command);
  }

  /** As {@link #run(String, String)}, with {@code timeout:} seconds. */
  public Results run(Map<String, ?> options, String targets, String command) {
    ExecOptions o = ExecOptions.defaults();
    Object t = options.get("timeout");
    if (t != null) {
      o = o.withTimeout(Duration.ofMillis((long) (Double.parseDouble(t.toString()) * 1000)));
    }
    return stopIfInterrupted(fleet.execute(nonEmpty(targets), command, o, ExecListener.NONE).await());
  }

  /**
   * Ctrl-C interrupts the script's thread: the run in progress cancels its remote commands
   * (see Execution.await), and the script stops here rather than carry on.
   */
  private static Results stopIfInterrupted(Results r) {
    if (Thread.interrupted()) {
      throw new ScriptInterruptedException(r);
    }
    return r;
  }

  /** Thrown into a script when Ctrl-C stopped it; carries the results of the stopped run. */
  public static final class ScriptInterruptedException extends RuntimeException {
    private final transient Results results;

    ScriptInterruptedException(Results results) {
      super("interrupted: " + results.summary());
      this.results = results;
    }

    public Results results() {
      return results;
    }
  }

  /** Runs on targets already expanded, as {@code rolling} hands them over. */
  public Results run(List<Target> targets, String command) {
    return stopIfInterrupted(fleet.execute(targets, command, ExecOptions.defaults(),
        ExecListener.NONE).await());
  }

  /** Copies a local file or directory (a {@link File} or {@link Path}). */
  public Results put(String targets, File local, String remote) {
    return put(targets, local.toPath(), remote);
  }

  public Results put(String targets, Path local, String remote) {
    return fleet.put(nonEmpty(targets), local, remote,
        TransferOptions.defaults().withRecursive(local.toFile().isDirectory()), TransferListener.NONE);
  }

  /** Writes bytes or a stream's content to {@code remote}. */
  public Results put(String targets, byte[] data, String remote) {
    return fleet.put(nonEmpty(targets), data, remote, TransferOptions.defaults());
  }

  public Results put(String targets, InputStream in, String remote) throws IOException {
    return fleet.put(nonEmpty(targets), in, remote, TransferOptions.defaults());
  }

  /** Writes text (UTF-8) to {@code remote}: {@code fleet.putText('@web', conf, '/etc/x')}. */
  public Results putText(String targets, String text, String remote) {
    return fleet.put(nonEmpty(targets), text, remote, TransferOptions.defaults());
  }

  /** Copies {@code remote} from each target into {@code localDir/<target>/}. */
  public Results get(String targets, String remote, Object localDir) {
    return fleet.get(nonEmpty(targets), remote, Path.of(localDir.toString()),
        TransferOptions.defaults(), TransferListener.NONE);
  }

  /** One remote file as text, from one target. */
  public String getText(String target, String remote) throws IOException {
    return new String(fleet.get(Target.parse(target), remote), java.nio.charset.StandardCharsets.UTF_8);
  }

  private List<Target> nonEmpty(String targets) {
    List<Target> t = hosts(targets);
    if (t.isEmpty()) {
      throw new IllegalArgumentException("'" + targets + "' matches no targets");
    }
    return t;
  }
}
