package dev.fleetsh.engine.internal.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Connects SSH sessions either over TCP (any ordinary address, handed to MINA's own connector)
 * or, for a {@link TunnelAddress}, over a direct-tcpip channel of the jump host's session.
 *
 * <p>Written by hand because MINA's own ProxyJump support forwards a local TCP port on the
 * controller; a channel-backed transport opens no listening socket that another local user
 * could reach, and lets one jump session carry every host behind it.
 */
final class TunnelConnector extends AbstractCloseable implements IoConnector {

  private final IoConnector tcp;
  private final IoHandler handler;
  private final Map<Long, IoSession> sessions = new ConcurrentHashMap<>();
  private volatile IoServiceEventListener listener;

  TunnelConnector(IoConnector tcp, IoHandler handler) {
    this.tcp = tcp;
    this.handler = handler;
  }

  @Override
  public IoConnectFuture connect(SocketAddress address, AttributeRepository context, SocketAddress local) {
    if (!(address instanceof TunnelAddress t)) {
      return tcp.connect(address, context, local);
    }
    DefaultIoConnectFuture future = new DefaultIoConnectFuture(address, null);
    ChannelDirectTcpip channel;
    try {
      channel = t.via.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
          new SshdSocketAddress(t.host, t.port));
      channel.setStreaming(StreamingChannel.Streaming.Async);
      channel.open().addListener(opened -> {
        if (!opened.isOpened()) {
          Throwable why = opened.getException();
          String reason = why == null || why.getMessage() == null ? "refused" : why.getMessage();
          future.setException(new TunnelException("the jump host cannot reach " + t.host + ":"
              + t.port + ": " + reason.toLowerCase(java.util.Locale.ROOT), why));
          return;
        }
        TunnelIoSession s = new TunnelIoSession(this, channel, handler, t);
        if (context != null) {
          // Where MINA's own connector leaves it: the session's connection context.
          s.setAttribute(AttributeRepository.class, context);
        }
        sessions.put(s.getId(), s);
        s.addCloseFutureListener(f -> sessions.remove(s.getId()));
        try {
          handler.sessionCreated(s);
          future.setSession(s);
          s.startReading();
        } catch (Exception e) {
          future.setException(e);
          s.close(true);
        }
      });
    } catch (IOException e) {
      future.setException(e);
    }
    return future;
  }

  /** The jump host could not open the tunnel: its own words for why. */
  static final class TunnelException extends IOException {
    TunnelException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public Map<Long, IoSession> getManagedSessions() {
    Map<Long, IoSession> all = new ConcurrentHashMap<>(tcp.getManagedSessions());
    all.putAll(sessions);
    return all;
  }

  @Override
  public IoServiceEventListener getIoServiceEventListener() {
    return listener;
  }

  @Override
  public void setIoServiceEventListener(IoServiceEventListener listener) {
    this.listener = listener;
    tcp.setIoServiceEventListener(listener);
  }

  @Override
  protected void doCloseImmediately() {
    sessions.values().forEach(s -> s.close(true));
    tcp.close(true);
    super.doCloseImmediately();
  }
}
