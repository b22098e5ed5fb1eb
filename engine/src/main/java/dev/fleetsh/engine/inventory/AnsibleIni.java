package dev.fleetsh.engine.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's INI inventory: {@code [group]}, {@code [group:children]} and {@code [group:vars]}
 * sections, host lines with {@code key=value} variables, and host ranges such as
 * {@code web[01:20]} or {@code db-[a:c]}.
 */
final class AnsibleIni {

  private AnsibleIni() {}

  static void read(Path file, Inventory.Builder b) throws InventoryException {
    List<String> lines = SshConfigHosts.lines(file);
    String group = "ungrouped";
    String kind = "hosts";
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String where = file + " line " + (n + 1);
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new InventoryException(where + ": a section header ends with ']'");
        }
        String head = line.substring(1, line.length() - 1).strip();
        int colon = head.indexOf(':');
        group = colon < 0 ? head : head.substring(0, colon);
        kind = colon < 0 ? "hosts" : head.substring(colon + 1);
        if (group.isEmpty() || !(kind.equals("hosts") || kind.equals("vars")
            || kind.equals("children"))) {
          throw new InventoryException(where + ": unknown section [" + head + "]");
        }
        b.group(group);
        continue;
      }
      List<String> words = SshArgs.split(line);
      switch (kind) {
        case "children" -> b.group(group).children.add(words.get(0));
        case "vars" -> {
          int eq = line.indexOf('=');
          if (eq <= 0) {
            throw new InventoryException(where + ": expected key=value");
          }
          b.group(group).vars.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        default -> {
          List<String> names = expandRange(words.get(0), where);
          for (String h : names) {
            b.host(h);
            b.group(group).hosts.add(h);
            for (int i = 1; i < words.size(); i++) {
              String kv = words.get(i);
              int eq = kv.indexOf('=');
              if (eq <= 0) {
                throw new InventoryException(where + ": expected key=value, not '" + kv + "'");
              }
              b.hostVar(h, kv.substring(0, eq), kv.substring(eq + 1));
            }
          }
        }
      }
    }
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Ansible's ranges: {@code [01:20]}, {@code [1:9:2]} and {@code [a:f]}, all expanded. */
  static List<String> expandRange(String pattern, String where) throws InventoryException {
    int open = pattern.indexOf('[');
    if (open < 0) {
      return List.of(pattern);
    }
    int close = pattern.indexOf(']', open);
    if (close < 0) {
      throw new InventoryException(where + ": unclosed '[' in " + pattern);
    }
    String[] f = pattern.substring(open + 1, close).split(":");
    if (f.length < 2 || f.length > 3) {
      throw new InventoryException(where + ": a range is [start:end] or [start:end:step]");
    }
    List<String> values = new ArrayList<>();
    int step;
    try {
      step = f.length == 3 ? Integer.parseInt(f[2]) : 1;
    } catch (NumberFormatException e) {
      throw new InventoryException(where + ": bad step in " + pattern);
    }
    if (f[0].matches("\\d+") && f[1].matches("\\d+") && step > 0) {
      int a = Integer.parseInt(f[0]);
      int z = Integer.parseInt(f[1]);
      int width = f[0].length();
      for (int v = a; v <= z; v += step) {
        String s = Integer.toString(v);
        values.add(s.length() >= width ? s : "0".repeat(width - s.length()) + s);
      }
    } else if (f[0].matches("[a-z]") && f[1].matches("[a-z]") && step > 0) {
      for (char c = f[0].charAt(0); c <= f[1].charAt(0); c += (char) step) {
        values.add(String.valueOf(c));
      }
    } else {
      throw new InventoryException(where + ": bad range in " + pattern);
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.addAll(expandRange(pattern.substring(0, open) + v + pattern.substring(close + 1), where));
    }
    return out;
  }
}
