package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.LocalShellLauncher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The live tree of contexts. Each target has one node; its context stays open across commands
 * until disconnected. A failed or closed node is set up again on next use.
 */
final class ConnectionTree implements AutoCloseable {

  private final Map<Target, Node> nodes = new ConcurrentHashMap<>();
  private final FleetConfig config;
  private final ScheduledExecutorService timers;

  ConnectionTree(FleetConfig config, ScheduledExecutorService timers) {
    this.config = config;
    this.timers = timers;
  }

  /** The context of {@code target}, set up now if it is not live. */
  CompletableFuture<Context> context(Target target) {
    Node node = nodes.computeIfAbsent(target, this::newNode);
    synchronized (node) {
      CompletableFuture<Context> f = node.context();
      if (f == null || node.state() == NodeInfo.State.FAILED
          || node.state() == NodeInfo.State.CLOSED) {
        f = setUp(target);
        node.setUp(f);
      }
      return f;
    }
  }

  private Node newNode(Target target) {
    return new Node(target, target.isLocal() ? "localhost" : target.last().host(), null);
  }

  private CompletableFuture<Context> setUp(Target target) {
    if (!target.isLocal()) {
      return CompletableFuture.failedFuture(new FleetException(FleetException.Kind.CONFIG,
          "SSH targets are not supported yet"));
    }
    Context ctx = new Context(target, new LocalShellLauncher(), config.shellsPerContext(), timers);
    return ctx.warm().thenApply(v -> ctx);
  }

  /** Closes the contexts of these targets; the next command sets them up again. */
  void disconnect(Target target) {
    Node node = nodes.get(target);
    if (node == null) {
      return;
    }
    synchronized (node) {
      CompletableFuture<Context> f = node.context();
      if (f != null) {
        f.thenAccept(Context::close);
      }
      node.closed();
    }
  }

  List<NodeInfo> snapshot() {
    List<NodeInfo> out = new ArrayList<>();
    nodes.values().forEach(n -> out.add(n.info()));
    out.sort(Comparator.comparing(i -> i.target().path()));
    return out;
  }

  @Override
  public void close() {
    nodes.keySet().forEach(this::disconnect);
  }
}
