package dev.fleetsh.engine.internal.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a server's host key against the known_hosts files of its {@link SshSettings}, as
 * OpenSSH's StrictHostKeyChecking does: {@code yes} refuses unknown and changed keys,
 * {@code accept-new} appends unknown ones and refuses changed ones, {@code no} accepts all.
 * A refusal leaves its one-line reason on the session under {@link #REFUSAL}.
 */
final class HostKeyVerifier implements ServerKeyVerifier {

  static final AttributeKey<SshSettings> SETTINGS = new AttributeKey<>();
  static final AttributeKey<String> REFUSAL = new AttributeKey<>();

  private static final Logger log = LoggerFactory.getLogger(HostKeyVerifier.class);
  private static final Object APPEND_LOCK = new Object();

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    SshSettings s = settings(session);
    if (s == null) {
      session.setAttribute(REFUSAL, "no settings for the host key check");
      return false;
    }
    if (s.strict() == SshSettings.StrictHostKeyChecking.NO) {
      return true;
    }
    String type = KeyUtils.getKeyType(key);
    String print = type + " " + KeyUtils.getFingerPrint(key);
    String who = s.alias() + " (" + s.address() + ")";
    boolean sameTypeOtherKey = false;
    for (Path file : s.knownHosts()) {
      List<KnownHostEntry> entries;
      try {
        entries = Files.isRegularFile(file) ? KnownHostEntry.readKnownHostEntries(file) : List.of();
      } catch (IOException e) {
        session.setAttribute(REFUSAL, "cannot read " + file + ": " + e.getMessage());
        return false;
      }
      for (KnownHostEntry e : entries) {
        if (!matches(e, s)) {
          continue;
        }
        PublicKey known;
        try {
          known = e.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException ex) {
          continue;
        }
        if (known == null) {
          continue;
        }
        boolean same = KeyUtils.compareKeys(known, key);
        if ("revoked".equals(e.getMarker()) && same) {
          session.setAttribute(REFUSAL, "host key for " + who + " is revoked in " + file + ": " + print);
          return false;
        }
        if (e.getMarker() != null) {
          continue;
        }
        if (same) {
          return true;
        }
        if (KeyUtils.getKeyType(known).equals(type)) {
          sameTypeOtherKey = true;
        }
      }
    }
    if (sameTypeOtherKey) {
      session.setAttribute(REFUSAL, "HOST KEY CHANGED for " + who + ": it offered " + print
          + ", known_hosts has another " + type + " key (possible man-in-the-middle); refused");
      return false;
    }
    if (s.strict() == SshSettings.StrictHostKeyChecking.ACCEPT_NEW && !s.knownHosts().isEmpty()) {
      Path file = s.knownHosts().get(0);
      try {
        append(file, hostPattern(s) + " " + PublicKeyEntry.toString(key));
        log.info("{}: added {} to {}", who, print, file);
        return true;
      } catch (IOException e) {
        session.setAttribute(REFUSAL, "cannot add the host key of " + who + " to " + file + ": "
            + e.getMessage());
        return false;
      }
    }
    session.setAttribute(REFUSAL, "host key for " + who + " is unknown: " + print
        + " (add it to known_hosts, or set StrictHostKeyChecking accept-new)");
    return false;
  }

  /** The settings given to connect, which MINA keeps as the session's connection context. */
  static SshSettings settings(ClientSession session) {
    var ctx = session.getConnectionContext();
    return ctx == null ? null : ctx.getAttribute(SETTINGS);
  }

  private static boolean matches(KnownHostEntry e, SshSettings s) {
    return e.isHostMatch(s.hostName(), s.port()) || (!s.alias().equals(s.hostName())
        && e.isHostMatch(s.alias(), s.port()));
  }

  static String hostPattern(SshSettings s) {
    return s.port() == 22 ? s.hostName() : "[" + s.hostName() + "]:" + s.port();
  }

  private static void append(Path file, String line) throws IOException {
    synchronized (APPEND_LOCK) {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      boolean needsNewline = Files.isRegularFile(file) && Files.size(file) > 0
          && !Files.readString(file, StandardCharsets.UTF_8).endsWith("\n");
      Files.writeString(file, (needsNewline ? "\n" : "") + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
