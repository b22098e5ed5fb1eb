package dev.fleetsh.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A context in the tree, named by its path of hops from the controller:
 * {@code web01}, {@code bastion/ssh:web01}, {@code web01/sudo:postgres}, {@code local}.
 * Two targets are equal when their paths are.
 */
public final class Target implements Comparable<Target> {

  private final List<Hop> hops;
  private final String path;

  private Target(List<Hop> hops) {
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("a target has at least one hop");
    }
    this.hops = Collections.unmodifiableList(new ArrayList<>(hops));
    StringBuilder b = new StringBuilder();
    for (Hop h : hops) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(b.length() == 0 && h.kind() == HopKind.SSH ? h.name() : h.toString());
    }
    this.path = b.toString();
  }

  public static Target of(List<Hop> hops) {
    return new Target(hops);
  }

  public static Target local() {
    return new Target(List.of(Hop.local()));
  }

  /** Parses one path such as {@code bastion/ssh:alice@web01:2222/sudo:postgres}. */
  public static Target parse(String path) {
    return TargetParser.parsePath(path, 0);
  }

  public List<Hop> hops() {
    return hops;
  }

  public Hop last() {
    return hops.get(hops.size() - 1);
  }

  /** The target one hop up, or null for a first hop. */
  public Target parent() {
    return hops.size() == 1 ? null : new Target(hops.subList(0, hops.size() - 1));
  }

  /** This target with {@code hop} appended. */
  public Target child(Hop hop) {
    List<Hop> h = new ArrayList<>(hops);
    h.add(hop);
    return new Target(h);
  }

  public boolean isLocal() {
    return hops.size() == 1 && hops.get(0).kind() == HopKind.LOCAL;
  }

  /** The path as the user writes it. */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    return path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && t.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public int compareTo(Target o) {
    return path.compareTo(o.path);
  }
}
