package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.CommandOutput;
import dev.fleetsh.engine.inventory.Inventory;
import dev.fleetsh.engine.inventory.InventoryException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's entry point: a live tree of connections and the commands run over it. One Fleet
 * serves a whole session (a REPL, a script); close it to end every connection.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
 *   Results r = fleet.execute(fleet.targets("local"), "uname -a",
 *       ExecOptions.defaults(), ExecListener.NONE).await();
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {

  private final FleetConfig config;
  private final ScheduledExecutorService timers;
  private final ConnectionTree tree;
  private final FileTransfer transfers;
  private volatile Inventory inventory;
  private volatile Results last = new Results(List.of());

  private Fleet(FleetConfig config, Inventory inventory) {
    this.inventory = inventory;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.timers = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "fleetsh-timer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.tree = new ConnectionTree(config, timers, inventory);
    this.transfers = new FileTransfer(tree::context);
  }

  /**
   * Opens a session: reads the inventory (ssh_config host names and the inventory files) and
   * starts an empty tree; nothing connects until a command needs it.
   *
   * @throws FleetException of kind CONFIG when an inventory file cannot be read
   */
  public static Fleet open(FleetConfig config) {
    return new Fleet(config, loadInventory(config));
  }

  private static Inventory loadInventory(FleetConfig config) {
    try {
      return Inventory.load(config.sshConfig(), config.inventories());
    } catch (InventoryException e) {
      throw new FleetException(FleetException.Kind.CONFIG, e.getMessage(), e);
    }
  }

  /** The hosts and groups this session knows. */
  public Inventory inventory() {
    return inventory;
  }

  /** Reads the inventory sources again; the live tree stays as it is. */
  public void reloadInventory() {
    Inventory i = loadInventory(config);
    inventory = i;
    tree.setInventory(i);
  }

  /** The results of the last command that finished: the {@code @ok}, {@code @failed} and
   * {@code @unreachable} groups. */
  public Results lastResults() {
    return last;
  }

  /** How a target would be reached (address, user, jump hosts), without connecting. */
  public Route route(Target target) {
    return tree.route(target);
  }

  public FleetConfig config() {
    return config;
  }

  public SecretStore secrets() {
    return config.secrets();
  }

  /**
   * Evaluates a target expression ({@link TargetExpression}): host patterns, groups, globs and
   * hop paths joined by {@code , ! & ^}. Empty when it matches nothing.
   *
   * @throws TargetSyntaxException with the position of the first error
   */
  public List<Target> targets(String expression) {
    Inventory inv = inventory;
    Results r = last;
    return TargetExpression.evaluate(expression.strip(), new TargetExpression.Scope() {
      @Override
      public Set<String> group(String name) {
        return switch (name) {
          case "ok" -> paths(r.ok());
          case "failed" -> paths(r.failed());
          case "unreachable" -> paths(r.unreachable());
          default -> inv.members(name);
        };
      }

      @Override
      public Collection<String> knownHosts() {
        return inv.hostNames();
      }
    });
  }

  private static Set<String> paths(List<Result> results) {
    Set<String> out = new LinkedHashSet<>();
    results.forEach(x -> out.add(x.targetPath()));
    return out;
  }

  /**
   * Starts {@code command} on every target at once. The command is shell text handed verbatim
   * to each target's shell; its stdin is empty. Output streams to {@code listener}.
   */
  public Execution execute(List<Target> targets, String command, ExecOptions options,
      ExecListener listener) {
    CompletableFuture<Void> cancel = new CompletableFuture<>();
    List<CompletableFuture<Result>> each = new ArrayList<>();
    for (Target t : targets) {
      each.add(runOne(t, command, options, listener, cancel));
    }
    CompletableFuture<Results> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Results(each.stream().map(CompletableFuture::join).toList()));
    if (!targets.isEmpty()) {
      // Recorded before anyone waiting on the run sees it end: the next command's @ok is this.
      all = all.thenApply(r -> {
        last = r;
        return r;
      });
    }
    return new Execution(targets, all, cancel);
  }

  private CompletableFuture<Result> runOne(Target target, String command, ExecOptions options,
      ExecListener listener, CompletableFuture<Void> cancel) {
    long t0 = System.nanoTime();
    Capture capture = new Capture(target, listener, options.captureLimit());
    CompletableFuture<Result> result = new CompletableFuture<>();
    tree.context(target)
        .thenCompose(ctx -> cancel.isDone()
            ? CompletableFuture.failedFuture(
                new FleetException(FleetException.Kind.CANCELLED, "interrupted"))
            : ctx.exec(command, capture, options.timeout(), cancel))
        .whenComplete((status, err) -> {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          Result r;
          if (err == null) {
            r = new Result(target, status == 0 ? Result.Status.OK : Result.Status.FAILED, status,
                capture.out(), capture.err(), ms, null);
          } else {
            FleetException fe = (FleetException) Context.translate(err);
            r = new Result(target, fe.unreachable() ? Result.Status.UNREACHABLE : Result.Status.FAILED,
                null, capture.out(), capture.err(), ms, fe.getMessage());
          }
          try {
            listener.finished(r);
          } finally {
            result.complete(r);
          }
        });
    return result;
  }

  /** Sets up these targets' contexts now, in parallel; completes with each one's outcome. */
  public CompletableFuture<Results> connect(List<Target> targets) {
    return execute(targets, ":", ExecOptions.defaults().withCapture(0), ExecListener.NONE).future();
  }

  /** Closes these targets' contexts; they are set up again on next use. */
  public void disconnect(List<Target> targets) {
    targets.forEach(tree::disconnect);
  }

  /**
   * Copies a local file (or, with {@link TransferOptions#recursive()}, a directory into
   * {@code remote}) to every target, reading the source once. Each target's file is replaced
   * atomically once its SHA-256 matches; a failure on one target leaves the others be.
   */
  public Results put(List<Target> targets, Path local, String remote, TransferOptions options,
      TransferListener listener) {
    return transfers.put(targets, local, remote, options, listener);
  }

  /** Writes {@code data} to {@code remote} on every target, as {@link #put} does for a file. */
  public Results put(List<Target> targets, byte[] data, String remote, TransferOptions options) {
    return transfers.putBytes(targets, data, remote, options, TransferListener.NONE);
  }

  /** Writes a string, UTF-8, to {@code remote} on every target. */
  public Results put(List<Target> targets, String text, String remote, TransferOptions options) {
    return put(targets, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), remote, options);
  }

  /** Copies everything {@code in} gives (spooled first, as its size must be known). */
  public Results put(List<Target> targets, java.io.InputStream in, String remote,
      TransferOptions options) throws java.io.IOException {
    return put(targets, in.readAllBytes(), remote, options);
  }

  /**
   * Copies {@code remote} from every target into {@code localDir/<target>/}, so that targets
   * never overwrite each other ({@code /} in a target's path becomes {@code _}).
   */
  public Results get(List<Target> targets, String remote, java.nio.file.Path localDir,
      TransferOptions options, TransferListener listener) {
    return transfers.get(targets, remote, localDir, options, listener);
  }

  /** One remote file's content. @throws java.io.IOException naming target and cause */
  public byte[] get(Target target, String remote) throws java.io.IOException {
    return transfers.getBytes(target, remote, TransferOptions.defaults());
  }

  /** How many connections may be set up at once ({@code set fanout N}). */
  public int fanout() {
    return tree.limiter().limit();
  }

  public void setFanout(int n) {
    tree.limiter().setLimit(n);
  }

  /** The live tree, sorted by path. */
  public List<NodeInfo> tree() {
    return tree.snapshot();
  }

  @Override
  public void close() {
    tree.close();
    timers.shutdownNow();
    config.secrets().close();
  }

  /** Streams output to the listener and keeps up to a limit of each stream for the result. */
  private static final class Capture implements CommandOutput {
    private final Target target;
    private final ExecListener listener;
    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Capture(Target target, ExecListener listener, int limit) {
      this.target = target;
      this.listener = listener;
      this.limit = limit;
    }

    @Override
    public void stdout(byte[] buf, int off, int len) {
      keep(out, buf, off, len);
      listener.stdout(target, buf, off, len);
    }

    @Override
    public void stderr(byte[] buf, int off, int len) {
      keep(err, buf, off, len);
      listener.stderr(target, buf, off, len);
    }

    private synchronized void keep(ByteArrayOutputStream to, byte[] buf, int off, int len) {
      int room = limit - to.size();
      if (room > 0) {
        to.write(buf, off, Math.min(room, len));
      }
    }

    synchronized byte[] out() {
      return out.toByteArray();
    }

    synchronized byte[] err() {
      return err.toByteArray();
    }
  }
}
