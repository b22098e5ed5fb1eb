package dev.fleetsh.engine.internal.ssh;

import dev.fleetsh.engine.FleetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * Resolves an SSH host as ssh(1) would from an ssh_config file: HostName, Port, User,
 * IdentityFile, IdentitiesOnly, ProxyJump, UserKnownHostsFile, StrictHostKeyChecking,
 * ConnectTimeout, ServerAliveInterval, ServerAliveCountMax, NumberOfPasswordPrompts, Ciphers.
 * MINA parses the file and merges matching Host blocks; this class reads the result.
 */
public final class SshConfigResolver {

  /** fleetsh keeps connections alive by default: a dead one is seen within about a minute. */
  static final Duration DEFAULT_ALIVE_INTERVAL = Duration.ofSeconds(15);

  private final ConfigFileHostEntryResolver resolver;
  private final Duration defaultConnectTimeout;
  private final Path home = Path.of(System.getProperty("user.home"));

  public SshConfigResolver(Path configFile, Duration defaultConnectTimeout) {
    this.resolver = configFile == null ? null : new ConfigFileHostEntryResolver(configFile);
    this.defaultConnectTimeout = defaultConnectTimeout;
  }

  /**
   * Resolves {@code host} with an explicit user and port where the target gave them (null and
   * 0 otherwise). With {@code followProxyJump} false, ProxyJump is ignored: the target's own
   * path says how to get there.
   */
  public SshSettings resolve(String host, String user, int port, boolean followProxyJump) {
    return resolve(host, user, port, followProxyJump, 0);
  }

  private SshSettings resolve(String host, String user, int port, boolean followProxyJump, int depth) {
    if (depth > 8) {
      throw new FleetException(FleetException.Kind.CONFIG, "ProxyJump loop at " + host);
    }
    HostConfigEntry e = null;
    if (resolver != null) {
      try {
        e = resolver.resolveEffectiveHost(host, port, null, user, null, null);
      } catch (IOException ex) {
        throw new FleetException(FleetException.Kind.CONFIG, "cannot read ssh_config: " + ex.getMessage(), ex);
      }
    }
    String hostName = e != null && notBlank(e.getHostName()) ? e.getHostName() : host;
    int p = port > 0 ? port : e != null && e.getPort() > 0 ? e.getPort() : 22;
    String u = user != null ? user
        : e != null && notBlank(e.getUsername()) ? e.getUsername() : System.getProperty("user.name");
    List<Path> ids = new ArrayList<>();
    if (e != null) {
      for (String id : e.getIdentities()) {
        ids.add(expand(id, hostName, p, u));
      }
    }
    boolean idsOnly = e != null && e.isIdentitiesOnly();
    if (ids.isEmpty()) {
      for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
        Path d = home.resolve(".ssh").resolve(n);
        if (Files.isRegularFile(d)) {
          ids.add(d);
        }
      }
    }
    List<Path> known = new ArrayList<>();
    String khf = prop(e, "UserKnownHostsFile");
    if (khf != null) {
      // MINA joins several values with commas; ssh_config separates them with spaces.
      for (String f : khf.trim().split("[\\s,]+")) {
        known.add(expand(f, hostName, p, u));
      }
    } else {
      known.add(home.resolve(".ssh").resolve("known_hosts"));
    }
    SshSettings.StrictHostKeyChecking strict = switch (lower(prop(e, "StrictHostKeyChecking"), "yes")) {
      case "no", "off" -> SshSettings.StrictHostKeyChecking.NO;
      case "accept-new" -> SshSettings.StrictHostKeyChecking.ACCEPT_NEW;
      case "yes", "ask" -> SshSettings.StrictHostKeyChecking.YES;
      default -> throw new FleetException(FleetException.Kind.CONFIG,
          host + ": bad StrictHostKeyChecking '" + prop(e, "StrictHostKeyChecking") + "'");
    };
    Duration connect = seconds(e, "ConnectTimeout", defaultConnectTimeout);
    Duration alive = seconds(e, "ServerAliveInterval", DEFAULT_ALIVE_INTERVAL);
    int aliveMax = integer(e, "ServerAliveCountMax", 3);
    int prompts = integer(e, "NumberOfPasswordPrompts", 1);
    List<String> ciphers = new ArrayList<>();
    String c = prop(e, "Ciphers");
    if (c != null) {
      for (String name : c.trim().split("[\\s,]+")) {
        if (!name.isEmpty()) {
          ciphers.add(name);
        }
      }
    }
    List<SshSettings> jumps = new ArrayList<>();
    String pj = e == null ? null : e.getProxyJump();
    if (followProxyJump && notBlank(pj) && !"none".equalsIgnoreCase(pj.trim())) {
      for (String hop : pj.split(",")) {
        SshSettings j = resolveSpec(hop.trim(), depth + 1);
        jumps.addAll(j.jumps());
        jumps.add(j.withJumps(List.of()));
      }
    }
    return new SshSettings(host, hostName, p, u, List.copyOf(ids), idsOnly, List.copyOf(known),
        strict, connect, alive, aliveMax, prompts, List.copyOf(ciphers), List.copyOf(jumps));
  }

  /** A ProxyJump entry: {@code [user@]host[:port]}, itself resolved through ssh_config. */
  private SshSettings resolveSpec(String spec, int depth) {
    String user = null;
    String rest = spec;
    int at = spec.lastIndexOf('@');
    if (at > 0) {
      user = spec.substring(0, at);
      rest = spec.substring(at + 1);
    }
    int port = 0;
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && rest.indexOf(':') == colon) {
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
        rest = rest.substring(0, colon);
      } catch (NumberFormatException ex) {
        throw new FleetException(FleetException.Kind.CONFIG, "bad ProxyJump entry '" + spec + "'");
      }
    }
    return resolve(rest, user, port, true, depth);
  }

  private Path expand(String path, String host, int port, String user) {
    String p = path;
    if (p.startsWith("~/")) {
      p = home.resolve(p.substring(2)).toString();
    }
    p = p.replace("%h", host).replace("%p", Integer.toString(port)).replace("%r", user)
        .replace("%u", System.getProperty("user.name")).replace("%d", home.toString())
        .replace("%%", "%");
    return Path.of(p);
  }

  private static String prop(HostConfigEntry e, String name) {
    if (e == null) {
      return null;
    }
    String v = e.getProperty(name);
    if (v == null) {
      v = e.getProperty(name.toLowerCase(Locale.ROOT));
    }
    return v;
  }

  private static String lower(String v, String dflt) {
    return v == null ? dflt : v.trim().toLowerCase(Locale.ROOT);
  }

  private static Duration seconds(HostConfigEntry e, String name, Duration dflt) {
    String v = prop(e, name);
    if (v == null) {
      return dflt;
    }
    try {
      long s = Long.parseLong(v.trim());
      return s <= 0 ? null : Duration.ofSeconds(s);
    } catch (NumberFormatException ex) {
      throw new FleetException(FleetException.Kind.CONFIG, "bad " + name + " '" + v + "' in ssh_config");
    }
  }

  private static int integer(HostConfigEntry e, String name, int dflt) {
    String v = prop(e, name);
    try {
      return v == null ? dflt : Integer.parseInt(v.trim());
    } catch (NumberFormatException ex) {
      throw new FleetException(FleetException.Kind.CONFIG, "bad " + name + " '" + v + "' in ssh_config");
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
