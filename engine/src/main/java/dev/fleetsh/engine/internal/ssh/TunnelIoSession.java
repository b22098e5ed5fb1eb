package dev.fleetsh.engine.internal.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.common.io.AbstractIoWriteFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * The byte stream of an inner SSH session, carried by a direct-tcpip channel of the outer one.
 * Writes are queued so that one is in flight on the channel at a time, as MINA's asynchronous
 * channel streams require; reads loop on the channel's asynchronous input.
 */
final class TunnelIoSession extends AbstractCloseable implements IoSession {

  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final TunnelConnector service;
  private final ChannelDirectTcpip channel;
  private final IoHandler handler;
  private final TunnelAddress remote;
  private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
  private final AsyncStreams.SerialWriter writer;
  private final AtomicBoolean closedNotified = new AtomicBoolean();

  TunnelIoSession(TunnelConnector service, ChannelDirectTcpip channel, IoHandler handler,
      TunnelAddress remote) {
    this.service = service;
    this.channel = channel;
    this.handler = handler;
    this.remote = remote;
    this.writer = new AsyncStreams.SerialWriter(channel.getAsyncIn());
    channel.addCloseFutureListener(f -> close(true));
  }

  void startReading() {
    AsyncStreams.readAll(channel.getAsyncOut(), buf -> {
      try {
        handler.messageReceived(this, buf);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, err -> {
      if (err != null && !isClosing()) {
        try {
          handler.exceptionCaught(this, err);
        } catch (Exception ignored) {
          // Closing anyway.
        }
      }
      close(true);
    });
  }

  @Override
  public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
    WriteFuture f = new WriteFuture(this);
    if (isClosing()) {
      f.fail(new EOFException("tunnel to " + remote + " is closed"));
      return f;
    }
    writer.write(buffer.array(), buffer.rpos(), buffer.available()).whenComplete((v, e) -> {
      if (e == null) {
        f.done();
      } else {
        f.fail(e);
        close(true);
      }
    });
    return f;
  }

  @Override
  protected void doCloseImmediately() {
    channel.close(true);
    if (closedNotified.compareAndSet(false, true)) {
      try {
        handler.sessionClosed(this);
      } catch (Exception ignored) {
        // The session is gone either way.
      }
    }
    super.doCloseImmediately();
  }

  @Override
  public long getId() {
    return id;
  }

  @Override
  public SocketAddress getAcceptanceAddress() {
    return null;
  }

  @Override
  public Object getAttribute(Object key) {
    return attributes.get(key);
  }

  @Override
  public Object setAttribute(Object key, Object value) {
    return attributes.put(key, value);
  }

  @Override
  public Object setAttributeIfAbsent(Object key, Object value) {
    return attributes.putIfAbsent(key, value);
  }

  @Override
  public Object removeAttribute(Object key) {
    return attributes.remove(key);
  }

  @Override
  public IoService getService() {
    return service;
  }

  @Override
  public void shutdownOutputStream() throws IOException {
    channel.getAsyncIn().close(false);
  }

  @Override
  public void suspendRead() {
    // The channel's window already paces the far end.
  }

  @Override
  public void resumeRead() {
    // See suspendRead.
  }

  @Override
  public SocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public SocketAddress getLocalAddress() {
    return channel.getLocalSocketAddress().toInetSocketAddress();
  }

  @Override
  public String toString() {
    return "TunnelIoSession[" + remote + "]";
  }

  private static final class WriteFuture extends AbstractIoWriteFuture {
    WriteFuture(Object id) {
      super(id, null);
    }

    void done() {
      setValue(Boolean.TRUE);
    }

    void fail(Throwable t) {
      setValue(t == null ? new IOException("write failed") : t);
    }
  }
}
