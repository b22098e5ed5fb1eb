package dev.fleetsh.engine.inventory;

import dev.fleetsh.engine.NodeSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hosts and groups from several sources merged: ssh_config {@code Host} names without
 * wildcards, Ansible inventories (INI and YAML) and fleetsh's YAML inventory. Later sources add
 * to earlier ones; a host's settings and variables from a later source win.
 */
public final class Inventory {

  /** Builds an inventory as the loaders read their files. */
  static final class Builder {
    final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();

    void host(String name) {
      hostVars.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    void hostVar(String host, String key, String value) {
      host(host);
      hostVars.get(host).put(key, value);
    }

    Group group(String name) {
      return groups.computeIfAbsent(name, Group::new);
    }
  }

  /** A group: direct hosts, child groups and variables. */
  static final class Group {
    final String name;
    final Set<String> hosts = new LinkedHashSet<>();
    final Set<String> children = new LinkedHashSet<>();
    final Map<String, String> vars = new LinkedHashMap<>();

    Group(String name) {
      this.name = name;
    }
  }

  /** Inventory variables that say how to connect, in Ansible's and fleetsh's spellings. */
  static final String ADDRESS = "ansible_host";
  static final String PORT = "ansible_port";
  static final String USER = "ansible_user";
  static final String VIA = "fleetsh_via";

  private final Map<String, InventoryHost> hosts;
  private final Map<String, Set<String>> members;
  private final List<Path> sources;

  private Inventory(Map<String, InventoryHost> hosts, Map<String, Set<String>> members,
      List<Path> sources) {
    this.hosts = hosts;
    this.members = members;
    this.sources = sources;
  }

  public static Inventory empty() {
    return new Inventory(Map.of(), Map.of(), List.of());
  }

  /**
   * Reads the ssh_config's host names (if any) and the inventory files, in order.
   *
   * @throws InventoryException naming the file and line of the first problem
   */
  public static Inventory load(Path sshConfig, List<Path> files) throws InventoryException {
    Builder b = new Builder();
    if (sshConfig != null && Files.isRegularFile(sshConfig)) {
      SshConfigHosts.read(sshConfig, b);
    }
    for (Path f : files) {
      String name = f.getFileName().toString().toLowerCase();
      if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json")) {
        YamlInventory.read(f, b);
      } else {
        AnsibleIni.read(f, b);
      }
    }
    return build(b, files);
  }

  private static Inventory build(Builder b, List<Path> files) throws InventoryException {
    Map<String, Set<String>> members = new TreeMap<>();
    for (Group g : b.groups.values()) {
      members.put(g.name, collect(g, b, new HashSet<>()));
    }
    // Effective variables: every group the host is in (outer groups first), then the host's own.
    Map<String, List<Group>> groupsOf = new LinkedHashMap<>();
    for (Group g : orderedOuterFirst(b)) {
      for (String h : members.get(g.name)) {
        groupsOf.computeIfAbsent(h, k -> new ArrayList<>()).add(g);
      }
    }
    Map<String, InventoryHost> hosts = new TreeMap<>(NodeSet.NATURAL);
    for (var e : b.hostVars.entrySet()) {
      Map<String, String> vars = new LinkedHashMap<>();
      Group all = b.groups.get("all");
      if (all != null) {
        vars.putAll(all.vars);
      }
      for (Group g : groupsOf.getOrDefault(e.getKey(), List.of())) {
        vars.putAll(g.vars);
      }
      vars.putAll(e.getValue());
      int port = 0;
      if (vars.containsKey(PORT)) {
        try {
          port = Integer.parseInt(vars.get(PORT).trim());
        } catch (NumberFormatException ex) {
          throw new InventoryException(e.getKey() + ": " + PORT + " is not a number: '"
              + vars.get(PORT) + "'");
        }
      }
      List<String> via = new ArrayList<>();
      String v = vars.get(VIA);
      if (v == null) {
        v = SshArgs.proxyJump(vars.get("ansible_ssh_common_args"));
      }
      if (v == null) {
        v = SshArgs.proxyJump(vars.get("ansible_ssh_extra_args"));
      }
      if (v != null && !v.isBlank()) {
        for (String hop : v.split(",")) {
          via.add(hop.trim());
        }
      }
      hosts.put(e.getKey(), new InventoryHost(e.getKey(), vars.get(ADDRESS), vars.get(USER), port,
          via, vars));
    }
    members.put("all", new TreeSet<>(hosts.keySet()));
    return new Inventory(Collections.unmodifiableMap(hosts), Collections.unmodifiableMap(members),
        List.copyOf(files));
  }

  /** Groups ordered so that a parent comes before its children. */
  private static List<Group> orderedOuterFirst(Builder b) {
    List<Group> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> isChild = new HashSet<>();
    b.groups.values().forEach(g -> isChild.addAll(g.children));
    Deque<Group> queue = new ArrayDeque<>();
    for (Group g : b.groups.values()) {
      if (!isChild.contains(g.name)) {
        queue.add(g);
      }
    }
    while (!queue.isEmpty()) {
      Group g = queue.poll();
      if (!seen.add(g.name)) {
        continue;
      }
      out.add(g);
      for (String c : g.children) {
        Group child = b.groups.get(c);
        if (child != null) {
          queue.add(child);
        }
      }
    }
    for (Group g : b.groups.values()) {
      if (seen.add(g.name)) {
        out.add(g);
      }
    }
    return out;
  }

  private static Set<String> collect(Group g, Builder b, Set<String> visiting) {
    Set<String> out = new TreeSet<>(NodeSet.NATURAL);
    if (!visiting.add(g.name)) {
      return out;
    }
    out.addAll(g.hosts);
    for (String c : g.children) {
      Group child = b.groups.get(c);
      if (child != null) {
        out.addAll(collect(child, b, visiting));
      }
    }
    visiting.remove(g.name);
    return out;
  }

  /** Every host, in natural order. */
  public Set<String> hostNames() {
    return hosts.keySet();
  }

  /** The host of that name, or null when the inventory does not know it. */
  public InventoryHost host(String name) {
    return hosts.get(name);
  }

  /** Group names, sorted; {@code all} is always there. */
  public Set<String> groupNames() {
    return members.keySet();
  }

  /** The hosts of a group and of its children, or null for no such group. */
  public Set<String> members(String group) {
    return members.get(group);
  }

  public List<Path> sources() {
    return sources;
  }
}
