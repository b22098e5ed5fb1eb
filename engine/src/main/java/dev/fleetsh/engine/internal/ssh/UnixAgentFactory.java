package dev.fleetsh.engine.internal.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Uses a running ssh-agent for public-key authentication, over the JDK's own Unix-domain
 * sockets. Written by hand because MINA's Unix agent client needs a native library (Tomcat
 * APR); the agent protocol itself is MINA's {@link AbstractAgentProxy}, so this class is only
 * the transport. The socket is the session's IdentityAgent, else {@code SSH_AUTH_SOCK}.
 * Agent forwarding is never offered: targets must not reach the controller's keys.
 */
public final class UnixAgentFactory implements SshAgentFactory {

  private final Path defaultSocket;

  /** @param defaultSocket the agent's socket, or null when there is none */
  public UnixAgentFactory(Path defaultSocket) {
    this.defaultSocket = defaultSocket;
  }

  @Override
  public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
    return List.of();
  }

  @Override
  public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
    Path socket = defaultSocket;
    if (session instanceof ClientSession cs) {
      SshSettings s = HostKeyVerifier.settings(cs);
      if (s != null && s.identitiesOnly()) {
        socket = null;
      }
    }
    if (socket == null || !Files.exists(socket)) {
      return new AgentProxy(null);
    }
    return new AgentProxy(socket);
  }

  @Override
  public SshAgentServer createServer(ConnectionService service) {
    return null;
  }

  /** One connection to the agent for one authentication. */
  private static final class AgentProxy extends AbstractAgentProxy {
    private final SocketChannel channel;

    AgentProxy(Path socket) throws IOException {
      super(null);
      if (socket == null) {
        channel = null;
        return;
      }
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    }

    @Override
    protected Buffer request(Buffer buffer) throws IOException {
      if (channel == null) {
        // No agent: answer as an agent holding no keys would (SSH_AGENT_IDENTITIES_ANSWER, 0).
        ByteArrayBuffer none = new ByteArrayBuffer();
        none.putByte((byte) 12);
        none.putUInt(0);
        return none;
      }
      ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer len = ByteBuffer.allocate(4);
      readFully(len);
      int n = len.flip().getInt();
      if (n < 0 || n > 256 * 1024) {
        throw new IOException("bad agent reply length " + n);
      }
      ByteBuffer body = ByteBuffer.allocate(n);
      readFully(body);
      return new ByteArrayBuffer(body.array());
    }

    private void readFully(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        if (channel.read(b) < 0) {
          throw new EOFException("the agent closed the connection");
        }
      }
    }

    @Override
    public boolean isOpen() {
      return channel == null || channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
