package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole session with secrets, after which no secret value appears anywhere it printed. */
@LabTest
class SecretsLabTest {

  @TempDir
  Path dir;

  @Test
  void aVerboseSessionLeavesNoSecretInOutputJsonLogsOrErrors(Lab lab) throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    String wrong = "wrong-user01-" + Long.toHexString(System.nanoTime());
    Map<String, String> values = Map.of("carol", lab.password("carol"), "dave",
        lab.password("dave"), "alice", lab.password("alice"), "user01@h1", wrong);
    Path secrets = dir.resolve("secrets");
    StringBuilder file = new StringBuilder();
    values.forEach((k, v) -> file.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(secrets, file);
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));

    String session = String.join("\n",
        "run --json h1/su:carol,dave@h2/sudo:root,alice@h3 echo hello; id -un",
        "run h1/su:carol echo " + lab.password("carol"),
        "run -g dave@h3/sudo:root,h2/su:carol printf '%s\\n' " + lab.password("dave"),
        "run h1/su:user01 true",
        "run h3/su:carol sh -c 'echo " + lab.password("carol") + " >&2; exit 3'",
        "secret list",
        "tree") + "\n";
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "-vvv", "-F", lab.sshConfig().toString(), "--secrets", secrets.toString()));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("FLEETSH_HOME", home.toString());
    Process p = pb.start();
    p.getOutputStream().write(session.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(out.get(), StandardCharsets.UTF_8);
    String stderr = new String(err.get(), StandardCharsets.UTF_8);

    // The session did what it was asked: secrets were used, and the masked echo shows.
    assertThat(stdout).contains("\"target\":\"h1/su:carol\"").contains("h1/su:carol: ******")
        .contains("******\n");
    assertThat(stdout).contains("carol\\n").contains("root\\n");
    assertThat(stderr).contains("h1/su:user01: unreachable: su to user01 on h1: wrong password for user01")
        .contains("h3/su:carol: ******");
    String log = Files.readString(home.resolve("fleetsh.log"));
    assertThat(log).contains("DEBUG");

    for (var e : values.entrySet()) {
      String v = e.getValue();
      assertThat(stdout).as("stdout has %s's secret", e.getKey()).doesNotContain(v);
      assertThat(stderr).as("stderr has %s's secret", e.getKey()).doesNotContain(v);
      assertThat(log).as("log has %s's secret", e.getKey()).doesNotContain(v);
      try (Stream<Path> files = Files.walk(home)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f)).as("%s has %s's secret", f, e.getKey()).doesNotContain(v);
        }
      }
    }
  }

  @Test
  void theReplHistoryKeepsNoLineWithASecretAndSecretSetAsksMasked(Lab lab) throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Path history = dir.resolve("history");
    String typed = "typed-" + Long.toHexString(System.nanoTime());
    try (Terminal terminal = TerminalBuilder.builder().streams(in, screen).type("dumb").system(false).build()) {
      Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig())
          .prompter(new TerminalPrompter(terminal)).build());
      fleet.secrets().put("carol", Secret.of(lab.password("carol")));
      Console console = new Console(terminal.writer(),
          new PrintWriter(new OutputStreamWriter(screen, StandardCharsets.UTF_8), true), false);
      try (Session session = new Session(fleet, console)) {
        CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() -> Repl.loop(terminal, session, history));
        keys.write(("run h2/su:carol echo " + lab.password("carol") + "\n").getBytes());
        keys.write("secret set deploy-token\n".getBytes());
        keys.write((typed + "\n").getBytes());
        keys.write(("run local echo " + typed + "\n").getBytes());
        keys.write("secret list\nexit\n".getBytes());
        keys.flush();
        loop.get(60, TimeUnit.SECONDS);
      }
    }
    String shown = screen.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("Value for deploy-token: ").contains("secret deploy-token set")
        .contains("deploy-token").contains("local: ******");
    String saved = Files.readString(history);
    assertThat(saved).contains("secret set deploy-token").contains("secret list")
        .doesNotContain(lab.password("carol")).doesNotContain(typed);
  }

  private static byte[] read(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }
}
