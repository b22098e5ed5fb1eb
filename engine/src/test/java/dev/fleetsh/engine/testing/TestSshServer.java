package dev.fleetsh.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

/**
 * An in-process MINA SSH server on a free loopback port for fast unit tests: exec requests run
 * as real local processes, users authenticate with given public keys or passwords, and it
 * counts the sessions it accepted. Lab tests use real OpenSSH servers instead.
 */
public final class TestSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair hostKey;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final AtomicInteger sessionsOpened = new AtomicInteger();
  private final AtomicInteger sessionsOpen = new AtomicInteger();

  public TestSshServer() throws IOException {
    try {
      this.hostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot make a host key", e);
    }
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, key, s) ->
        authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setPasswordAuthenticator((user, pw, s) -> pw.equals(passwords.get(user)));
    server.setCommandFactory(new ProcessShellCommandFactory());
    server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    server.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sessionsOpened.incrementAndGet();
        sessionsOpen.incrementAndGet();
      }

      @Override
      public void sessionClosed(Session session) {
        sessionsOpen.decrementAndGet();
      }
    });
    server.start();
  }

  public int port() {
    return server.getPort();
  }

  public PublicKey hostKey() {
    return hostKey.getPublic();
  }

  public TestSshServer authorize(PublicKey key) {
    authorized.add(key);
    return this;
  }

  public TestSshServer password(String user, String password) {
    passwords.put(user, password);
    return this;
  }

  /** Sessions accepted since start. */
  public int sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Sessions open now. */
  public int sessionsOpen() {
    return sessionsOpen.get();
  }

  /** Writes a known_hosts line for this server to {@code file}, as OpenSSH would. */
  public void writeKnownHosts(Path file) throws IOException {
    String entry = "[127.0.0.1]:" + port() + " "
        + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(hostKey.getPublic());
    Files.writeString(file, entry + "\n");
  }

  /** Stops the server abruptly, dropping every connection, as a crashed host would. */
  public void dropAllSessions() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
