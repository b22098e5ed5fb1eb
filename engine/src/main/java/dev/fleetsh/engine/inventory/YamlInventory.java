package dev.fleetsh.engine.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetsh.engine.NodeSet;
import dev.fleetsh.engine.TargetSyntaxException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * YAML inventories, in two forms told apart by their top-level keys.
 *
 * <p>Ansible's: groups at the top (usually {@code all}), each with {@code hosts}, {@code vars}
 * and {@code children}; host names may carry Ansible ranges ({@code web[01:03]}).
 *
 * <p>fleetsh's: {@code hosts} (names or NodeSet patterns mapped to {@code address},
 * {@code user}, {@code port}, {@code via} and {@code vars}) and {@code groups} (a list of host
 * patterns, or {@code hosts}, {@code children} and {@code vars}):
 * <pre>
 * hosts:
 *   bastion: {address: 192.0.2.10, user: ops}
 *   web[01-04]: {via: bastion, vars: {role: web}}
 * groups:
 *   web: ["web[01-04]"]        # quoted: a bare [ opens a YAML list
 *   prod: {children: [web], vars: {env: prod}}
 * </pre>
 */
final class YamlInventory {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlInventory() {}

  static void read(Path file, Inventory.Builder b) throws InventoryException {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new InventoryException(file + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new InventoryException(file + ": expected a mapping at the top");
    }
    if (root.has("hosts") && !root.get("hosts").has("hosts") || root.has("groups")) {
      readFleetsh(file, root, b);
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        var e = it.next();
        readAnsibleGroup(file, e.getKey(), e.getValue(), b);
      }
    }
  }

  private static void readAnsibleGroup(Path file, String name, JsonNode g, Inventory.Builder b)
      throws InventoryException {
    Inventory.Group group = b.group(name);
    if (g == null || g.isNull()) {
      return;
    }
    JsonNode hosts = g.get("hosts");
    if (hosts != null && hosts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = hosts.fields(); it.hasNext(); ) {
        var e = it.next();
        for (String h : AnsibleIni.expandRange(e.getKey(), file.toString())) {
          b.host(h);
          group.hosts.add(h);
          putVars(e.getValue(), (k, v) -> b.hostVar(h, k, v));
        }
      }
    }
    putVars(g.get("vars"), group.vars::put);
    JsonNode children = g.get("children");
    if (children != null && children.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = children.fields(); it.hasNext(); ) {
        var e = it.next();
        group.children.add(e.getKey());
        readAnsibleGroup(file, e.getKey(), e.getValue(), b);
      }
    }
  }

  private static void readFleetsh(Path file, JsonNode root, Inventory.Builder b)
      throws InventoryException {
    JsonNode hosts = root.get("hosts");
    if (hosts != null && hosts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = hosts.fields(); it.hasNext(); ) {
        var e = it.next();
        List<String> names = expand(file, e.getKey());
        JsonNode h = e.getValue();
        if (names.size() > 1 && h != null && h.has("address")) {
          throw new InventoryException(file + ": " + e.getKey() + " names " + names.size()
              + " hosts and cannot share one address");
        }
        for (String name : names) {
          b.host(name);
          if (h == null || h.isNull()) {
            continue;
          }
          setting(h, "address", Inventory.ADDRESS, name, b);
          setting(h, "user", Inventory.USER, name, b);
          setting(h, "port", Inventory.PORT, name, b);
          setting(h, "via", Inventory.VIA, name, b);
          putVars(h.get("vars"), (k, v) -> b.hostVar(name, k, v));
        }
      }
    }
    JsonNode groups = root.get("groups");
    if (groups != null && groups.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
        var e = it.next();
        Inventory.Group g = b.group(e.getKey());
        JsonNode v = e.getValue();
        JsonNode list = v != null && v.isArray() ? v : v == null ? null : v.get("hosts");
        if (list != null) {
          for (JsonNode pattern : list) {
            for (String name : expand(file, pattern.asText())) {
              b.host(name);
              g.hosts.add(name);
            }
          }
        }
        if (v != null && v.isObject()) {
          JsonNode children = v.get("children");
          if (children != null) {
            children.forEach(c -> g.children.add(c.asText()));
          }
          putVars(v.get("vars"), g.vars::put);
        }
      }
    }
  }

  private static List<String> expand(Path file, String pattern) throws InventoryException {
    try {
      return NodeSet.expand(pattern);
    } catch (TargetSyntaxException e) {
      throw new InventoryException(file + ": " + e.getMessage());
    }
  }

  private static void setting(JsonNode h, String key, String var, String host, Inventory.Builder b) {
    JsonNode v = h.get(key);
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isArray()) {
      StringBuilder s = new StringBuilder();
      v.forEach(x -> s.append(s.length() == 0 ? "" : ",").append(x.asText()));
      b.hostVar(host, var, s.toString());
    } else {
      b.hostVar(host, var, v.asText());
    }
  }

  private interface VarSink {
    void put(String key, String value);
  }

  private static void putVars(JsonNode vars, VarSink sink) {
    if (vars == null || !vars.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      sink.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
