package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.AsyncLimiter;
import dev.fleetsh.engine.internal.Handshake;
import dev.fleetsh.engine.internal.ShellText;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.fleetsh.engine.inventory.Inventory;
import dev.fleetsh.engine.inventory.InventoryHost;
import dev.fleetsh.engine.internal.LocalShellLauncher;
import dev.fleetsh.engine.internal.ShellLauncher;
import dev.fleetsh.engine.internal.ssh.SshConfigResolver;
import dev.fleetsh.engine.internal.ssh.SshConnector;
import dev.fleetsh.engine.internal.ssh.SshSettings;
import dev.fleetsh.engine.internal.ssh.SshShellLauncher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The live tree: SSH connections (one per host and jump chain) and, on them, one node per
 * target with its context. Everything stays open across commands until disconnected; what
 * failed or dropped is set up again on next use.
 */
final class ConnectionTree implements AutoCloseable {

  private final Map<Target, Node> nodes = new ConcurrentHashMap<>();
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final FleetConfig config;
  private final ScheduledExecutorService timers;
  private final AsyncLimiter limiter;
  private final SshConfigResolver resolver;
  /** Made on the first SSH target: MINA and its crypto cost a shell's start about 0.3 s. */
  private SshConnector connector;
  private volatile Inventory inventory;

  ConnectionTree(FleetConfig config, ScheduledExecutorService timers, Inventory inventory) {
    this.inventory = inventory;
    this.config = config;
    this.timers = timers;
    this.limiter = new AsyncLimiter(config.fanout());
    this.resolver = new SshConfigResolver(config.sshConfig(), config.connectTimeout());
  }

  private synchronized SshConnector connector() {
    if (connector == null) {
      connector = new SshConnector(config.secrets(), config.prompter(), config.agentSocket());
    }
    return connector;
  }

  void setInventory(Inventory inventory) {
    this.inventory = inventory;
  }

  AsyncLimiter limiter() {
    return limiter;
  }

  /** The context of {@code target}, set up now if it is not live. */
  CompletableFuture<Context> context(Target target) {
    Node node;
    try {
      node = nodes.computeIfAbsent(target, this::newNode);
    } catch (FleetException e) {
      return CompletableFuture.failedFuture(e);
    }
    synchronized (node) {
      CompletableFuture<Context> f = node.context();
      if (f == null || node.state() == NodeInfo.State.FAILED
          || (node.connection == null && node.state() == NodeInfo.State.CLOSED)
          || node.disconnected) {
        f = setUp(node);
        node.setUp(f);
      }
      return f;
    }
  }

  private Node newNode(Target target) {
    Target host = hostPart(target);
    if (host.isLocal()) {
      return new Node(target, null, "localhost", null);
    }
    Connection c = connection(settingsFor(host));
    return new Node(target, c, c.settings.address(), c.parent == null ? null : c.parent.name());
  }

  /**
   * The machine part of a target: its leading SSH hops (or {@code local}). Account hops may
   * follow; nothing may follow them yet but more account hops.
   */
  static Target hostPart(Target target) {
    List<Hop> hops = target.hops();
    int n = 0;
    while (n < hops.size() && (hops.get(n).kind() == HopKind.SSH || hops.get(n).kind() == HopKind.LOCAL)) {
      n++;
    }
    for (int i = n; i < hops.size(); i++) {
      Hop h = hops.get(i);
      if (h.kind() == HopKind.SSH) {
        throw new FleetException(FleetException.Kind.CONFIG,
            "an ssh hop cannot follow an account hop (" + target + ")");
      }
      if (!h.kind().isAccount()) {
        throw new FleetException(FleetException.Kind.CONFIG,
            "hop kind '" + h.kind().word() + "' is not supported yet");
      }
    }
    if (n == 0) {
      throw new FleetException(FleetException.Kind.CONFIG, target + ": starts with no host");
    }
    return Target.of(hops.subList(0, n));
  }

  /**
   * The settings of a target's last SSH hop with its jump chain: the inventory's address,
   * user, port and via where it has them, ssh_config for the rest.
   */
  SshSettings settingsFor(Target target) {
    SshSettings s = null;
    for (Hop hop : target.hops()) {
      if (hop.kind() != HopKind.SSH) {
        break;
      }
      SshSettings next = settingsFor(hop, s == null, 0);
      if (s != null) {
        List<SshSettings> chain = new ArrayList<>(s.jumps());
        chain.add(s.withJumps(List.of()));
        next = next.withJumps(chain);
      }
      s = next;
    }
    return s;
  }

  private SshSettings settingsFor(Hop hop, boolean first, int depth) {
    if (depth > 8) {
      throw new FleetException(FleetException.Kind.CONFIG, "jump hosts loop at " + hop.host());
    }
    InventoryHost ih = inventory.host(hop.host());
    String user = hop.user() != null ? hop.user() : ih != null ? ih.user() : null;
    int port = hop.port() > 0 ? hop.port() : ih != null ? ih.port() : 0;
    boolean inventoryVia = first && ih != null && !ih.via().isEmpty();
    SshSettings s = resolver.resolve(hop.host(), user, port, first && !inventoryVia);
    if (ih != null && ih.address() != null && !ih.address().isBlank()) {
      s = s.withHostName(ih.address());
    }
    if (inventoryVia) {
      List<SshSettings> chain = new ArrayList<>();
      for (String spec : ih.via()) {
        Target jt;
        try {
          jt = Target.parse(spec);
        } catch (TargetSyntaxException e) {
          throw new FleetException(FleetException.Kind.CONFIG, hop.host() + ": bad via '" + spec + "'");
        }
        SshSettings j = settingsFor(jt.hops().get(0), true, depth + 1);
        chain.addAll(j.jumps());
        chain.add(j.withJumps(List.of()));
      }
      s = s.withJumps(chain);
    }
    return s;
  }

  /** How a target would be reached, without connecting. */
  Route route(Target target) {
    Target host = hostPart(target);
    if (host.isLocal()) {
      return new Route("localhost", System.getProperty("user.name"), List.of());
    }
    SshSettings s = settingsFor(host);
    return new Route(s.address(), s.user(), s.jumps().stream().map(SshSettings::alias).toList());
  }

  private Connection connection(SshSettings s) {
    Connection existing = connections.get(s.key());
    if (existing != null) {
      return existing;
    }
    Connection parent = null;
    if (!s.jumps().isEmpty()) {
      List<SshSettings> j = s.jumps();
      parent = connection(j.get(j.size() - 1).withJumps(j.subList(0, j.size() - 1)));
    }
    Connection p = parent;
    return connections.computeIfAbsent(s.key(), k -> new Connection(s, p, connector(), limiter));
  }

  private CompletableFuture<Context> setUp(Node node) {
    Target host = hostPart(node.target);
    String login = node.connection == null ? System.getProperty("user.name")
        : node.connection.settings.user();
    AccountHops hops = AccountHops.of(node.target, login, host.last().host());
    Function<String, String> command = hops.isEmpty() ? ShellText::announcingShell : hops::command;
    ShellLauncher launcher = node.connection == null
        ? new LocalShellLauncher(command)
        : new SshShellLauncher(node.connection::session, command);
    Supplier<Handshake> handshake = hops.isEmpty() ? () -> Handshake.NONE
        : () -> hops.handshake(config.secrets(), config.prompter());
    Context ctx = new Context(node.target, launcher, handshake, config.shellsPerContext(), timers);
    node.disconnected = false;
    return ctx.warm().thenApply(v -> ctx).whenComplete((c, e) -> {
      if (e != null) {
        ctx.close();
      }
    });
  }

  /** Closes a target's context, and its SSH connection with everything on it. */
  void disconnect(Target target) {
    Node node = nodes.get(target);
    if (node == null) {
      return;
    }
    node.shutDown();
    if (node.connection != null) {
      for (Node other : nodes.values()) {
        if (other != node && dependsOn(other.connection, node.connection)) {
          other.shutDown();
        }
      }
      closeWithChildren(node.connection);
    }
  }

  private void closeWithChildren(Connection c) {
    for (Connection other : connections.values()) {
      if (other.parent == c) {
        closeWithChildren(other);
      }
    }
    c.close();
  }

  private static boolean dependsOn(Connection c, Connection on) {
    for (Connection x = c; x != null; x = x.parent) {
      if (x == on) {
        return true;
      }
    }
    return false;
  }

  /** The open SSH session of a target's host, or null: for tests and diagnostics. */
  Connection connectionOf(Target target) {
    Node n = nodes.get(target);
    return n == null ? null : n.connection;
  }

  List<NodeInfo> snapshot() {
    List<NodeInfo> out = new ArrayList<>();
    Set<Connection> shown = new HashSet<>();
    nodes.values().forEach(n -> {
      out.add(n.info());
      shown.add(n.connection);
    });
    for (Connection c : connections.values()) {
      if (!shown.contains(c)) {
        Target t = Target.of(List.of(Hop.ssh(null, c.name(), 0)));
        out.add(new NodeInfo(t, c.state(), c.settings.address(),
            c.parent == null ? null : c.parent.name(), c.upSince(), null, 0, c.error()));
      }
    }
    out.sort(Comparator.comparing(i -> i.target().path()));
    return out;
  }

  @Override
  public void close() {
    nodes.keySet().forEach(this::disconnect);
    connections.values().forEach(Connection::close);
    synchronized (this) {
      if (connector != null) {
        connector.close();
      }
    }
  }
}
