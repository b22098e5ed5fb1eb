package dev.fleetsh.engine.internal.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;

/**
 * Which ciphers fleetsh offers, and which Java code runs them.
 *
 * <p>Bulk transfer speed is set by the cipher, and on the controller by the Java code behind it.
 * MINA's chacha20-poly1305 is written in plain Java and moves about a third of what OpenSSH's
 * C does. The JDK's own AES-GCM (SunJCE) runs on the processor's AES and carry-less multiply
 * instructions, and is several times faster; but once Bouncy Castle is registered, MINA takes
 * every cipher from it, and Bouncy Castle's AES is plain Java too. So:
 * <ul>
 *   <li>ciphers and MACs come from the JDK, not from Bouncy Castle (which fleetsh keeps for
 *       what the JDK lacks: ed25519 keys and the OpenSSH key formats);
 *   <li>where the processor has AES instructions, the AES-GCM ciphers go first in the offer,
 *       as OpenSSH itself orders them on such machines' peers; elsewhere MINA's order stands.
 * </ul>
 * A host's {@code Ciphers} option in ssh_config still decides for that host.
 */
final class CipherChoice {

  /** MINA's registrar setting: the cipher algorithms Bouncy Castle may provide. */
  static final String BC_CIPHERS = "org.apache.sshd.security.provider.BC.Cipher";
  /** MINA's registrar setting: the MAC algorithms Bouncy Castle may provide. */
  static final String BC_MACS = "org.apache.sshd.security.provider.BC.Mac";

  private CipherChoice() {}

  /**
   * Leaves ciphers and MACs to the JDK, unless the user set these properties. Must run before
   * MINA creates its first cipher.
   */
  static void useJdkCiphers() {
    if (System.getProperty(BC_CIPHERS) == null) {
      System.setProperty(BC_CIPHERS, "none");
    }
    if (System.getProperty(BC_MACS) == null) {
      System.setProperty(BC_MACS, "none");
    }
  }

  /** The default offer: MINA's, with AES-GCM first where the processor runs AES itself. */
  static List<NamedFactory<Cipher>> defaults() {
    List<NamedFactory<Cipher>> mina = new ArrayList<>(ClientBuilder.setUpDefaultCiphers(true));
    if (!hasAesInstructions()) {
      return mina;
    }
    List<NamedFactory<Cipher>> out = new ArrayList<>();
    for (BuiltinCiphers gcm : List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm)) {
      if (mina.remove(gcm)) {
        out.add(gcm);
      }
    }
    out.addAll(mina);
    return out;
  }

  /** The offer for a host's {@code Ciphers} option: the named ones MINA has, in that order. */
  static List<NamedFactory<Cipher>> named(List<String> names) {
    List<NamedFactory<Cipher>> out = new ArrayList<>();
    for (String n : names) {
      BuiltinCiphers c = BuiltinCiphers.fromFactoryName(n);
      if (c != null && c.isSupported()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * True when the processor has AES and carry-less multiply instructions (x86's {@code aes} and
   * {@code pclmulqdq}, ARM's {@code aes} and {@code pmull}), which HotSpot uses for AES-GCM.
   */
  static boolean hasAesInstructions() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.startsWith("flags") || l.startsWith("features")) {
          List<String> flags = List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"));
          return flags.contains("aes")
              && (flags.contains("pclmulqdq") || flags.contains("pmull"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc/cpuinfo (not Linux): Apple silicon and recent x86 Macs have both.
      return arch.equals("aarch64") || arch.equals("x86_64") || arch.equals("amd64");
    }
    return false;
  }
}
