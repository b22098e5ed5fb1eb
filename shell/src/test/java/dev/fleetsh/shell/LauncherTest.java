package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/fleetsh, the launcher, and bin/jvm.options, its JVM options. The jar is built after
 * these tests run, so the launcher's java is a stand-in that prints the command line it got.
 */
class LauncherTest {

  /** The launcher's own directory as it resolves it (readlink -f): the real path. */
  private static final Path BIN = realBin();

  @TempDir
  Path dir;

  private static Path realBin() {
    try {
      return Path.of("..", "bin").toRealPath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Run(int exit, String out, String err) {}

  private Run launch(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        java.util.stream.Stream.concat(java.util.stream.Stream.of(BIN.resolve("fleetsh").toString()),
            java.util.stream.Stream.of(args)).toList());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out, err);
  }

  /** A java that prints each argument on a line of its own. */
  private Path fakeJava() throws IOException {
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  @Test
  void startsTheJarWithTheOptionsFileThenTheUsersOptionsAndKeepsArgumentsWhole() throws Exception {
    Path jar = Files.createFile(dir.resolve("fleetsh.jar"));
    Run r = launch(Map.of("JAVA", fakeJava().toString(), "FLEETSH_JAR", jar.toString(),
        "FLEETSH_JAVA_OPTS", "-Xmx1g -Dx=y"), "-c", "run h1 echo 'a  b'");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines().toList()).containsExactly("@" + BIN.resolve("jvm.options"),
        "-Xmx1g", "-Dx=y", "-jar", jar.toString(), "-c", "run h1 echo 'a  b'");
  }

  @Test
  void worksThroughASymbolicLinkInThePath() throws Exception {
    Path link = dir.resolve("fleetsh");
    Files.createSymbolicLink(link, BIN.resolve("fleetsh"));
    Process p = new ProcessBuilder(link.toString(), "--version").start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    // Either the jar is built (a second run of the tests) or the launcher says how to build
    // it; both show it found its own directory through the link.
    if (Files.exists(BIN.resolve("../shell/target/fleetsh.jar"))) {
      assertThat(exit).isZero();
      assertThat(out).startsWith("fleetsh ");
    } else {
      assertThat(exit).isEqualTo(2);
      assertThat(err).isEqualTo("fleetsh: " + BIN + "/../shell/target/fleetsh.jar not found:"
          + " build it first with 'mvn -q -B package -DskipTests'\n");
    }
  }

  @Test
  void aMissingJarIsOneLineSayingHowToBuildIt() throws Exception {
    Run r = launch(Map.of("FLEETSH_JAR", dir.resolve("nope.jar").toString()), "--version");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("fleetsh: " + dir.resolve("nope.jar")
        + " not found: build it first with 'mvn -q -B package -DskipTests'\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theOptionsFileIsOneJavaTakesAndSelectsTheSerialCollector() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "@" + BIN.resolve("jvm.options"),
        "-XX:+PrintFlagsFinal", "-version")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out.lines().filter(l -> l.contains(" UseSerialGC ")).findFirst().orElseThrow())
        .contains("= true");
  }
}
