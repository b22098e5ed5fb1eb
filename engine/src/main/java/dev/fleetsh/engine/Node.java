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
  final String address;
  final String via;
  private volatile NodeInfo.State state = NodeInfo.State.CONNECTING;
  private volatile Instant upSince;
  private volatile String error;
  private volatile CompletableFuture<Context> context;

  Node(Target target, String address, String via) {
    this.target = target;
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

  void closed() {
    state = NodeInfo.State.CLOSED;
  }

  NodeInfo.State state() {
    return state;
  }

  NodeInfo info() {
    CompletableFuture<Context> f = context;
    Context c = f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    long rtt = c == null ? -1 : c.lastRttNanos();
    return new NodeInfo(target, state, address, via, state == NodeInfo.State.READY ? upSince : null,
        rtt < 0 ? null : Duration.ofNanos(rtt), c == null ? 0 : c.liveShells(), error);
  }
}
