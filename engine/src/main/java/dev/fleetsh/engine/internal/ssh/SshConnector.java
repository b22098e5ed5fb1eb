package dev.fleetsh.engine.internal.ssh;

import dev.fleetsh.engine.FleetException;
import dev.fleetsh.engine.Prompter;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.internal.AsyncLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authenticated SSH sessions with MINA: straight over TCP, or through an open session of
 * a jump host. Keys are loaded once per file and shared by every connection; passwords and
 * passphrases come from the {@link SecretStore}, else from the {@link Prompter}, asked once.
 */
public final class SshConnector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SshConnector.class);

  private static final Duration AUTH_GRACE = Duration.ofSeconds(120);
  /** Completed when a session's first key exchange is done: it frees a handshake place. */
  private static final AttributeKey<CompletableFuture<Void>> KEYED = new AttributeKey<>();

  /**
   * Key exchanges in progress at once. A post-quantum key exchange costs the controller tens of
   * milliseconds of CPU, on MINA's few I/O threads: started all at once, 64 of them starved the
   * threads that read the servers' replies, and hosts that had answered timed out. Four per
   * core keeps the processors busy and round trips overlapped, and the connections queued
   * behind them wait without their ConnectTimeout running.
   */
  private final AsyncLimiter handshakes =
      new AsyncLimiter(4 * Runtime.getRuntime().availableProcessors());

  private final FleetSshClient client;
  private final SecretStore secrets;
  private final Prompter prompter;
  private final Map<Path, List<KeyPair>> keys = new ConcurrentHashMap<>();
  private final Object promptLock = new Object();

  public SshConnector(SecretStore secrets, Prompter prompter, Path agentSocket) {
    this.secrets = secrets;
    this.prompter = prompter;
    CipherChoice.useJdkCiphers();
    // The builder sets MINA's default algorithms; the client class and the cipher order are ours.
    this.client = (FleetSshClient) ClientBuilder.builder().factory(FleetSshClient::new)
        .cipherFactories(CipherChoice.defaults()).build();
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setServerKeyVerifier(new HostKeyVerifier());
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserInteraction(UserInteraction.NONE);
    client.setAgentFactory(new UnixAgentFactory(agentSocket));
    client.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
      @Override
      public void sessionEvent(org.apache.sshd.common.session.Session session, Event event) {
        if (event == Event.KeyEstablished && session instanceof ClientSession cs
            && cs.getConnectionContext() != null) {
          CompletableFuture<Void> keyed = cs.getConnectionContext().getAttribute(KEYED);
          if (keyed != null) {
            keyed.complete(null);
          }
        }
      }

      @Override
      public void sessionCreated(org.apache.sshd.common.session.Session session) {
        // Before the key exchange: a host's Ciphers option reorders or narrows the offer.
        if (session instanceof ClientSession cs) {
          SshSettings s = HostKeyVerifier.settings(cs);
          if (s != null && !s.ciphers().isEmpty()) {
            cs.setCipherFactories(CipherChoice.named(s.ciphers()));
          }
        }
      }
    });
    client.start();
  }

  /**
   * Connects and authenticates. {@code via} is the jump host's session, or null to connect
   * over TCP. Fails with a {@link FleetException} whose message is one line naming the cause.
   */
  public CompletableFuture<ClientSession> connect(SshSettings s, ClientSession via) {
    CompletableFuture<ClientSession> result = new CompletableFuture<>();
    handshakes.submit(() -> {
      CompletableFuture<Void> keyed = new CompletableFuture<>();
      result.whenComplete((x, e) -> keyed.complete(null));
      start(s, via, result, keyed);
      return keyed;
    });
    return result;
  }

  private void start(SshSettings s, ClientSession via, CompletableFuture<ClientSession> result,
      CompletableFuture<Void> keyed) {
    Duration timeout = s.connectTimeout() != null ? s.connectTimeout() : Duration.ofSeconds(30);
    ConnectFuture cf;
    try {
      AttributeRepository ctx = AttributeRepository.ofAttributesMap(
          Map.of(HostKeyVerifier.SETTINGS, s, KEYED, keyed));
      cf = via == null
          ? client.connect(s.user(), s.hostName(), s.port(), ctx, null)
          : client.connectThrough(s.user(), new TunnelAddress(via, s.hostName(), s.port()), ctx);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(translate(s, e, null, timeout));
      return;
    }
    cf.addListener(f -> {
      if (!f.isConnected()) {
        result.completeExceptionally(translate(s, f.getException(), null, timeout));
        return;
      }
      ClientSession session = f.getClientSession();
      try {
        configure(session, s);
        session.auth().addListener(af -> {
          if (af.isSuccess()) {
            result.complete(session);
          } else {
            result.completeExceptionally(translate(s, af.getException(), session, timeout));
            session.close(true);
          }
        });
      } catch (IOException | RuntimeException e) {
        result.completeExceptionally(translate(s, e, session, timeout));
        session.close(true);
      }
    });
    // ConnectTimeout covers the TCP connect and the server's identification line, as in
    // OpenSSH: a host that answered is reachable. Not the key exchange, whose CPU cost on a busy
    // controller grows with the number of connections set up at once (64 post-quantum key
    // exchanges at a time kept two cores busy past 5 s in the lab), nor the authentication,
    // which may wait for a person to type a password.
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (result.isDone()) {
        return;
      }
      ClientSession session = cf.isDone() && cf.isConnected() ? cf.getClientSession() : null;
      if (session == null || session.getServerVersion() == null) {
        result.completeExceptionally(new FleetException(FleetException.Kind.UNREACHABLE,
            "connection timed out after " + timeout.toSeconds() + "s (" + s.address() + ")"));
        if (session != null) {
          session.close(true);
        } else {
          cf.cancel();
        }
      }
    });
  }

  private void configure(ClientSession session, SshSettings s) throws IOException {
    if (s.aliveInterval() != null) {
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, s.aliveInterval());
      CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(session, s.aliveInterval());
      CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(session, Math.max(1, s.aliveCountMax()));
    }
    // As sshd's LoginGraceTime: long enough to type a password at a prompt.
    CoreModuleProperties.AUTH_TIMEOUT.set(session, AUTH_GRACE);
    CoreModuleProperties.PASSWORD_PROMPTS.set(session, Math.max(1, s.passwordPrompts()));
    for (Path id : s.identities()) {
      for (KeyPair kp : keys(id)) {
        session.addPublicKeyIdentity(kp);
      }
    }
    Secret known = secrets.password(s.user(), s.alias());
    if (known == null && !s.alias().equals(s.hostName())) {
      known = secrets.password(s.user(), s.hostName());
    }
    if (known != null) {
      session.addPasswordIdentity(new String(known.reveal()));
    }
    session.setUserInteraction(new Interaction(s));
  }

  /** The key pairs in one identity file, decrypted once and kept for every later connection. */
  private List<KeyPair> keys(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return keys.computeIfAbsent(file, f -> {
      try (InputStream in = Files.newInputStream(f)) {
        Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null,
            NamedResource.ofName(f.toString()), in, passphrase(f));
        List<KeyPair> out = new ArrayList<>();
        if (loaded != null) {
          loaded.forEach(out::add);
        }
        return out;
      } catch (IOException | GeneralSecurityException e) {
        log.warn("cannot load key {}: {}", f, e.getMessage());
        return List.of();
      }
    });
  }

  /** Looks a key's passphrase up by path, file name, then {@code passphrase}; else asks once. */
  private FilePasswordProvider passphrase(Path file) {
    return (session, resource, index) -> {
      if (index > 0) {
        return null;
      }
      for (String name : List.of(file.toString(), file.getFileName().toString(), "passphrase")) {
        Secret s = secrets.get(name);
        if (s != null) {
          return new String(s.reveal());
        }
      }
      Secret asked = ask("Passphrase for key " + file + ": ");
      if (asked == null) {
        throw new IOException("key " + file + " needs a passphrase: give it with --secrets ("
            + file.getFileName() + " = ...)");
      }
      secrets.put(file.toString(), asked);
      return new String(asked.reveal());
    };
  }

  private Secret ask(String prompt) {
    synchronized (promptLock) {
      return prompter.ask(prompt);
    }
  }

  /** Answers password and keyboard-interactive prompts: stored secret, else ask once. */
  private final class Interaction implements UserInteraction {
    private final SshSettings s;
    private boolean used;

    Interaction(SshSettings s) {
      this.s = s;
    }

    @Override
    public String[] interactive(ClientSession session, String name, String instruction,
        String lang, String[] prompts, boolean[] echo) {
      if (prompts.length == 0) {
        return new String[0];
      }
      String[] answers = new String[prompts.length];
      for (int i = 0; i < prompts.length; i++) {
        if (echo != null && i < echo.length && echo[i]) {
          return null;
        }
        String pw = password();
        if (pw == null) {
          return null;
        }
        answers[i] = pw;
      }
      return answers;
    }

    @Override
    public String resolveAuthPasswordAttempt(ClientSession session) {
      return password();
    }

    @Override
    public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
      return null;
    }

    private synchronized String password() {
      if (used) {
        return null;
      }
      used = true;
      Secret known = secrets.password(s.user(), s.alias());
      if (known != null) {
        return new String(known.reveal());
      }
      Secret asked = ask("Password for " + s.user() + "@" + s.alias() + ": ");
      if (asked == null) {
        return null;
      }
      secrets.put(s.user() + "@" + s.alias(), asked);
      return new String(asked.reveal());
    }
  }

  /** One line naming the cause, from whatever MINA or the JDK threw. */
  static FleetException translate(SshSettings s, Throwable e, ClientSession session, Duration timeout) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TunnelConnector.TunnelException) {
        return new FleetException(FleetException.Kind.UNREACHABLE, t.getMessage(), e);
      }
    }
    Throwable c = e;
    while (c != null && c.getCause() != null && c.getCause() != c
        && !(c instanceof ConnectException) && !(c instanceof NoRouteToHostException)) {
      if (c instanceof SshException && c.getMessage() != null && c.getCause() == null) {
        break;
      }
      c = c.getCause();
    }
    String where = s.user() + "@" + s.address();
    String refusal = session == null ? null : session.getAttribute(HostKeyVerifier.REFUSAL);
    if (refusal != null) {
      return new FleetException(FleetException.Kind.HOST_KEY, refusal, e);
    }
    String msg = c == null || c.getMessage() == null ? String.valueOf(c) : c.getMessage();
    if (c instanceof ConnectException || msg.contains("Connection refused")) {
      return new FleetException(FleetException.Kind.UNREACHABLE, "connection refused (" + s.address() + ")", e);
    }
    if (c instanceof NoRouteToHostException || msg.contains("No route to host")) {
      return new FleetException(FleetException.Kind.UNREACHABLE, "no route to host (" + s.address() + ")", e);
    }
    if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
      return new FleetException(FleetException.Kind.UNREACHABLE, "unknown host '" + s.hostName() + "'", e);
    }
    if (c instanceof TimeoutException || msg.contains("timed out") || msg.contains("timeout")) {
      return new FleetException(FleetException.Kind.UNREACHABLE,
          "connection timed out after " + timeout.toSeconds() + "s (" + s.address() + ")", e);
    }
    if (msg.contains("No more authentication methods") || msg.contains("authentication")
        || msg.contains("Authentication")) {
      return new FleetException(FleetException.Kind.AUTH, "authentication failed for " + where
          + " (keys, password: a password can be given with --secrets as " + s.user() + "@"
          + s.alias() + " = ...)", e);
    }
    return new FleetException(FleetException.Kind.UNREACHABLE, msg + " (" + s.address() + ")", e);
  }

  @Override
  public void close() {
    client.stop();
  }
}
