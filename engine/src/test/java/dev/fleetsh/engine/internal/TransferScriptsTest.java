package dev.fleetsh.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data side of a streamed put, run by this machine's /bin/sh with the tools each kind of
 * target may have: python3, or only OpenSSL, or only coreutils. The lab tests cover the whole
 * path over SSH; these make sure every branch of the script is taken and right.
 */
class TransferScriptsTest {

  /** What the target has on its PATH besides the basic tools. */
  enum Tools {
    PYTHON("python3", "openssl", "sha256sum"),
    OPENSSL("openssl", "sha256sum"),
    COREUTILS("sha256sum");

    final List<String> extra;

    Tools(String... extra) {
      this.extra = List.of(extra);
    }
  }

  private static final List<String> BASIC = List.of("cat", "wc", "cut", "mktemp", "rm", "sleep");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Tools.class)
  void aWholeFileArrivesWithItsHash(Tools tools) throws Exception {
    byte[] data = new byte[(int) TransferScripts.HASH_WHILE_RECEIVING + 12345];
    new Random(tools.ordinal()).nextBytes(data);
    Path dest = Files.createDirectory(dir.resolve("dest")).resolve("f");
    Process p = start(tools, TransferScripts.putData(dest.toString(), "f", data.length));
    feed(p, data, data.length);
    String[] got = readGot(p);
    Path tmp = Path.of(got[1]);
    assertThat(got[0]).isEqualTo("GOT");
    assertThat(tmp.getParent()).isEqualTo(dest.getParent());
    assertThat(got[2]).isEqualTo(dest.toString());
    assertThat(got[3]).isEqualTo(sha256(data));
    assertThat(Files.readAllBytes(tmp)).isEqualTo(data);
    // The commit renames the temporary; the script, waiting for that, then ends.
    Files.move(tmp, dest);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Tools.class)
  void aShortInputIsRefusedAndLeavesNoTemporary(Tools tools) throws Exception {
    byte[] data = new byte[(int) TransferScripts.HASH_WHILE_RECEIVING + 1];
    Path dest = Files.createDirectory(dir.resolve("dest")).resolve("f");
    Process p = start(tools, TransferScripts.putData(dest.toString(), "f", data.length));
    feed(p, data, data.length - 1000);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("received " + (data.length - 1000) + " of " + data.length + " bytes\n");
    try (Stream<Path> left = Files.list(dest.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aBrokenPythonFailsInOneLineAndLeavesNoTemporary() throws Exception {
    // A hashlib that cannot be imported, as on a Python built without OpenSSL.
    Path lib = Files.createDirectory(dir.resolve("lib"));
    Files.writeString(lib.resolve("hashlib.py"), "raise ImportError('no hashlib here')\n");
    byte[] data = new byte[(int) TransferScripts.HASH_WHILE_RECEIVING];
    Path dest = Files.createDirectory(dir.resolve("dest")).resolve("f");
    Process p = start(Tools.PYTHON, TransferScripts.putData(dest.toString(), "f", data.length),
        "PYTHONPATH", lib.toString());
    assertThat(readLine(p)).isEqualTo("GO");
    try (OutputStream in = p.getOutputStream()) {
      in.write(data);
    } catch (IOException e) {
      // Nobody reads any more: the receiver gave up, which is what is tested.
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("python3: ImportError: no hashlib here\n");
    try (Stream<Path> left = Files.list(dest.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  /** Runs {@code script} with a PATH holding only the basic tools and those of {@code tools}. */
  private Process start(Tools tools, String script, String... env) throws IOException {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    for (String tool : Stream.concat(BASIC.stream(), tools.extra.stream()).toList()) {
      Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
          .findFirst().orElseThrow(() -> new IllegalStateException(tool + " is not installed"));
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
    pb.environment().clear();
    pb.environment().put("PATH", bin.toString());
    for (int i = 0; i + 1 < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    return pb.start();
  }

  private static void feed(Process p, byte[] data, int len) throws IOException {
    // The script says GO before it reads: as the controller does, wait for it.
    assertThat(readLine(p)).isEqualTo("GO");
    try (OutputStream in = p.getOutputStream()) {
      in.write(data, 0, len);
    }
  }

  /** The script's last words: GOT, then the temporary's path, the destination, the SHA-256. */
  private static String[] readGot(Process p) throws IOException {
    return new String[] {readLine(p), readLine(p), readLine(p), readLine(p)};
  }

  private static String readLine(Process p) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = p.getInputStream().read()) >= 0 && c != '\n') {
      b.append((char) c);
    }
    return b.toString();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
