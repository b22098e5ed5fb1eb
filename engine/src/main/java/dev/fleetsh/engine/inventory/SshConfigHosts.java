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

  /** A text file's lines, or an error naming it. */
  static List<String> lines(Path file) throws InventoryException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InventoryException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void read(Path file, Inventory.Builder b) throws InventoryException {
    for (String raw : lines(file)) {
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
