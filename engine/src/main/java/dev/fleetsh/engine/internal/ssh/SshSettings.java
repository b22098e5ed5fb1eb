package dev.fleetsh.engine.internal.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to open one SSH connection, resolved from ssh_config and the target:
 * where to connect, as whom, with which keys, how strictly to check the host key, and the
 * jump hosts in front of it.
 *
 * @param alias the host as the user wrote it
 * @param hostName the address or DNS name to connect to
 * @param ciphers the Ciphers option's names, in order, or empty for MINA's default order
 * @param jumps ProxyJump hops, outermost first, each already resolved
 */
public record SshSettings(String alias, String hostName, int port, String user,
    List<Path> identities, boolean identitiesOnly, List<Path> knownHosts,
    StrictHostKeyChecking strict, Duration connectTimeout, Duration aliveInterval,
    int aliveCountMax, int passwordPrompts, List<String> ciphers, List<SshSettings> jumps) {

  /** OpenSSH's StrictHostKeyChecking, of which fleetsh honours yes, accept-new and no. */
  public enum StrictHostKeyChecking { YES, ACCEPT_NEW, NO }

  /** {@code user@host:port}, identifying one connection (with its jumps). */
  public String key() {
    StringBuilder b = new StringBuilder();
    for (SshSettings j : jumps) {
      b.append(j.key()).append(" > ");
    }
    return b.append(user).append('@').append(hostName).append(':').append(port).toString();
  }

  /** {@code host:port} as shown in the tree. */
  public String address() {
    return (hostName.indexOf(':') >= 0 ? "[" + hostName + "]" : hostName) + ":" + port;
  }

  public SshSettings withHostName(String h) {
    return new SshSettings(alias, h, port, user, identities, identitiesOnly, knownHosts,
        strict, connectTimeout, aliveInterval, aliveCountMax, passwordPrompts, ciphers, jumps);
  }

  public SshSettings withJumps(List<SshSettings> j) {
    return new SshSettings(alias, hostName, port, user, identities, identitiesOnly, knownHosts,
        strict, connectTimeout, aliveInterval, aliveCountMax, passwordPrompts, ciphers,
        List.copyOf(j));
  }
}
