package dev.fleetsh.engine;

import java.util.Objects;

/**
 * One step of a target path: {@code kind:name}. For SSH hops the name is
 * {@code [user@]host[:port]}, split into {@link #user()}, {@link #host()} and {@link #port()}.
 */
public final class Hop {

  private final HopKind kind;
  private final String name;
  private final String user;
  private final String host;
  private final int port;

  private Hop(HopKind kind, String name, String user, String host, int port) {
    this.kind = kind;
    this.name = name;
    this.user = user;
    this.host = host;
    this.port = port;
  }

  public static Hop local() {
    return new Hop(HopKind.LOCAL, "local", null, "local", 0);
  }

  /** An SSH hop; {@code user} may be null and {@code port} 0 for "as configured". */
  public static Hop ssh(String user, String host, int port) {
    StringBuilder n = new StringBuilder();
    if (user != null) {
      n.append(user).append('@');
    }
    n.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
    if (port > 0) {
      n.append(':').append(port);
    }
    return new Hop(HopKind.SSH, n.toString(), user, host, port);
  }

  /** A hop of a kind other than SSH and local, such as {@code sudo:postgres}. */
  public static Hop of(HopKind kind, String name) {
    if (kind == HopKind.SSH || kind == HopKind.LOCAL) {
      throw new IllegalArgumentException("use Hop.ssh or Hop.local for " + kind.word());
    }
    return new Hop(kind, name, null, null, 0);
  }

  public HopKind kind() {
    return kind;
  }

  /** The hop's name as written after {@code kind:}: a user, a container, a jail. */
  public String name() {
    return name;
  }

  /** The login user of an SSH hop, or null when ssh_config or the default decides. */
  public String user() {
    return user;
  }

  /** The host of an SSH hop as written (an alias or an address). */
  public String host() {
    return host;
  }

  /** The port of an SSH hop, or 0 when ssh_config or the default decides. */
  public int port() {
    return port;
  }

  @Override
  public String toString() {
    return kind == HopKind.LOCAL ? name : kind.word() + ":" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hop h && h.kind == kind && h.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }
}
