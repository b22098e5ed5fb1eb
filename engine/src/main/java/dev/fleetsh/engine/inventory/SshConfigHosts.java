package dev.fleetsh.engine.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The host names an ssh_config declares: every {@code Host} pattern without wildcards. */
final class SshConfigHosts {

  private SshConfigHosts() {}

  static void read(Path file, Inventory.Builder b) throws InventoryException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InventoryException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (String raw : lines) {
      String line = raw.strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      String[] f = line.split("[\\s=]+");
      if (f.length < 2 || !f[0].toLowerCase(Locale.ROOT).equals("host")) {
        continue;
      }
      for (int i = 1; i < f.length; i++) {
        String p = f[i];
        if (!p.isEmpty() && p.chars().noneMatch(c -> c == '*' || c == '?' || c == '!')) {
          b.host(p);
        }
      }
    }
  }
}
