package dev.fleetsh.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Named secrets for one session: account passwords looked up as {@code USER@HOST} then
 * {@code USER}, key passphrases, and other named secrets for scripts. It also knows every
 * secret value in use, so that {@link #mask(String)} can hide them in any text.
 */
public final class SecretStore {

  private final Map<String, Secret> byName = new ConcurrentHashMap<>();
  private final List<String> knownValues = new CopyOnWriteArrayList<>();
  private static final List<SecretStore> LIVE = new CopyOnWriteArrayList<>();

  public SecretStore() {
    LIVE.add(this);
  }

  /**
   * Reads {@code NAME = VALUE} lines from a file that must be private to its owner (no group or
   * other permission bits). Blank lines and lines starting with {@code #} are skipped.
   *
   * @throws IOException naming the file and line (never the value) when it is unreadable,
   *     not private, or malformed
   */
  public void load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("secrets file " + file + ": no such file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
            && p != PosixFilePermission.OWNER_EXECUTE) {
          throw new IOException("secrets file " + file
              + " is readable by others: run chmod 600 " + file);
        }
      }
    } catch (UnsupportedOperationException e) {
      // A file system without POSIX permissions: nothing to check.
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Map.Entry<String, Secret>> read = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IOException("secrets file " + file + " line " + (i + 1)
            + ": expected NAME = VALUE");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IOException("secrets file " + file + " line " + (i + 1)
            + ": a name has no spaces");
      }
      read.add(Map.entry(name, Secret.of(value)));
    }
    read.forEach(e -> put(e.getKey(), e.getValue()));
  }

  public void put(String name, Secret secret) {
    byName.put(name, secret);
    if (!secret.isEmpty()) {
      String v = new String(secret.reveal());
      if (!knownValues.contains(v)) {
        knownValues.add(v);
      }
    }
  }

  public Secret get(String name) {
    return byName.get(name);
  }

  /** The password of {@code user} on {@code host}: {@code user@host}, then {@code user}. */
  public Secret password(String user, String host) {
    Secret s = byName.get(user + "@" + host);
    return s != null ? s : byName.get(user);
  }

  /** The names, sorted; never the values. */
  public Collection<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /** {@code text} with every known secret value of this store replaced by {@link Secret#MASK}. */
  public String mask(String text) {
    return maskWith(text, knownValues);
  }

  /** {@code text} with every secret value known to any live store masked: for log output. */
  public static String maskAll(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (SecretStore s : LIVE) {
      out = s.mask(out);
    }
    return out;
  }

  /** Forgets this store's values for {@link #maskAll}; call when the session ends. */
  public void close() {
    LIVE.remove(this);
  }

  private static String maskWith(String text, List<String> values) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      if (v.length() >= 1 && out.contains(v)) {
        out = out.replace(v, Secret.MASK);
      }
    }
    return out;
  }
}
