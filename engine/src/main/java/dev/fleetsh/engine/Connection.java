package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.AsyncLimiter;
import dev.fleetsh.engine.internal.ssh.SshConnector;
import dev.fleetsh.engine.internal.ssh.SshSettings;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.session.ClientSession;

/**
 * One SSH connection of the tree: one per host and jump chain, shared by every context and
 * command on that host. Concurrent requests share one connect attempt; a connection that
 * dropped or failed is opened again by the next request.
 */
final class Connection {

  final SshSettings settings;
  final Connection parent;
  private final SshConnector connector;
  private final AsyncLimiter limiter;
  private CompletableFuture<ClientSession> session;
  private volatile NodeInfo.State state = NodeInfo.State.CLOSED;
  private volatile Instant upSince;
  private volatile String error;
  private volatile boolean closing;

  Connection(SshSettings settings, Connection parent, SshConnector connector, AsyncLimiter limiter) {
    this.settings = settings;
    this.parent = parent;
    this.connector = connector;
    this.limiter = limiter;
  }

  String name() {
    return settings.alias();
  }

  /** The open session, connecting first if there is none. */
  synchronized CompletableFuture<ClientSession> session() {
    if (session != null) {
      if (!session.isDone()) {
        return session;
      }
      if (!session.isCompletedExceptionally() && session.join().isOpen()) {
        return session;
      }
    }
    closing = false;
    state = NodeInfo.State.CONNECTING;
    error = null;
    CompletableFuture<ClientSession> via = parent == null
        ? CompletableFuture.completedFuture(null)
        : parent.session().exceptionallyCompose(e -> {
          FleetException fe = (FleetException) Context.translate(e);
          return CompletableFuture.failedFuture(new FleetException(fe.kind(),
              "via " + parent.name() + ": " + fe.getMessage(), fe));
        });
    CompletableFuture<ClientSession> f = via.thenCompose(v ->
        limiter.submit(() -> connector.connect(settings, v)));
    session = f;
    f.whenComplete((s, e) -> {
      if (e == null) {
        state = NodeInfo.State.READY;
        upSince = Instant.now();
        s.addCloseFutureListener(c -> {
          state = NodeInfo.State.CLOSED;
          if (!closing) {
            error = "connection lost";
          }
        });
      } else {
        state = NodeInfo.State.FAILED;
        error = Context.translate(e).getMessage();
      }
    });
    return f;
  }

  NodeInfo.State state() {
    return state;
  }

  Instant upSince() {
    return state == NodeInfo.State.READY ? upSince : null;
  }

  String error() {
    return error;
  }

  /** Closes the session; contexts on it see their shells end and reconnect on next use. */
  synchronized void close() {
    closing = true;
    if (session != null && session.isDone() && !session.isCompletedExceptionally()) {
      session.join().close(true);
    }
    state = NodeInfo.State.CLOSED;
  }

  /** The session if it is open now, else null: for tests and diagnostics. */
  synchronized ClientSession openSession() {
    if (session != null && session.isDone() && !session.isCompletedExceptionally()
        && session.join().isOpen()) {
      return session.join();
    }
    return null;
  }
}
