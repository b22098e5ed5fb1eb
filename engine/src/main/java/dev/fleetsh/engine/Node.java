package dev.fleetsh.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One node of the live tree: a target whose context is being set up, is ready, or failed.
 * Concurrent requests for a node share its one set-up.
 */
final class Node {

  final Target target;
  /** The SSH connection the context runs on; null for {@code local}. */
  final Connection connection;
  final String address;
  final String via;
  /** Set by disconnect: the next use sets the node up anew. */
  volatile boolean disconnected;
  private volatile NodeInfo.State state = NodeInfo.State.CONNECTING;
  private volatile Instant upSince;
  private volatile String error;
  private volatile CompletableFuture<Context> context;

  Node(Target target, Connection connection, String address, String via) {
    this.target = target;
    this.connection = connection;
    this.address = address;
    this.via = via;
  }

  CompletableFuture<Context> context() {
    return context;
  }

  void setUp(CompletableFuture<Context> ctx) {
    state = NodeInfo.State.CONNECTING;
    error = null;
    context = ctx;
    ctx.whenComplete((c, e) -> {
      if (e == null) {
        state = NodeInfo.State.READY;
        upSince = Instant.now();
      } else {
        state = NodeInfo.State.FAILED;
        error = Context.translate(e).getMessage();
      }
    });
  }

  /** Closes the context; the next use sets the node up anew. */
  synchronized void shutDown() {
    CompletableFuture<Context> f = context;
    if (f != null) {
      f.thenAccept(Context::close);
    }
    disconnected = true;
    state = NodeInfo.State.CLOSED;
  }

  NodeInfo.State state() {
    return state;
  }

  NodeInfo info() {
    CompletableFuture<Context> f = context;
    Context c = f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    long rtt = c == null ? -1 : c.lastRttNanos();
    NodeInfo.State s = state;
    Instant up = s == NodeInfo.State.READY ? upSince : null;
    String why = error;
    if (connection != null && s == NodeInfo.State.READY) {
      // The context is set up; whether it is live is its connection's state.
      s = connection.state();
      up = connection.upSince();
      why = connection.error();
    }
    return new NodeInfo(target, s, address, via, up, rtt < 0 ? null : Duration.ofNanos(rtt),
        c == null ? 0 : c.liveShells(), why);
  }
}
