package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every script in scripts-examples/ runs against the lab as a user would run it. */
@LabTest
class ExamplesLabTest {

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  private static Path example(String name) {
    Path d = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(d.resolve("scripts-examples"))) {
      d = d.getParent();
    }
    return d.resolve("scripts-examples").resolve(name);
  }

  private Run fleetsh(Lab lab, Map<String, String> env, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "-F", lab.sshConfig().toString(), "--secrets", secrets(lab).toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().put("FLEETSH_HOME", dir.resolve("home").toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.get(), err.get());
  }

  private Path secrets(Lab lab) throws Exception {
    Path s = dir.resolve("secrets");
    if (!Files.exists(s)) {
      Files.copy(lab.secretsFile(), s);
      Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rw-------"));
    }
    return s;
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private Path shared() throws Exception {
    Path d = Files.createTempDirectory(Path.of("/tmp"), "fleetsh-examples-");
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
    return d;
  }

  @Test
  void aScriptAndTheReplShareOneConnectionPerHost(Lab lab) throws Exception {
    lab.awaitQuiet();
    Path s = dir.resolve("share.groovy");
    Files.writeString(s, "println fleet.run('h1,b1', 'echo $PPID').ok*.stdout*.trim().sort().join(' ')\n");
    try (dev.fleetsh.engine.Fleet fleet = dev.fleetsh.engine.Fleet.open(
        dev.fleetsh.engine.FleetConfig.builder().sshConfig(lab.sshConfig()).build())) {
      java.io.StringWriter out = new java.io.StringWriter();
      Session session = new Session(fleet, new Console(new java.io.PrintWriter(out, true),
          new java.io.PrintWriter(new java.io.StringWriter(), true), false));
      assertThat(session.execute("run h1,b1 echo $PPID")).isZero();
      assertThat(session.execute("source " + s)).isZero();
      assertThat(session.execute("= fleet.run('h1', 'true').allOk()")).isZero();
      List<String> lines = out.toString().lines().toList();
      // The script found the REPL's shells (the same parent process), on the same connections.
      String replPids = lines.subList(0, 2).stream().map(l -> l.substring(l.indexOf(": ") + 2)).sorted()
          .reduce((a, b) -> a + " " + b).orElseThrow();
      assertThat(lines.get(2)).isEqualTo(replPids);
      assertThat(lines.get(3)).isEqualTo("true");
      assertThat(lab.sshConnections("h1")).isEqualTo(1);
      assertThat(lab.sshConnections("b1")).isEqualTo(1);
      assertThat(lab.sshConnections("jump")).isEqualTo(1);
    }
  }

  @Test
  void rollingRestartGoesBatchByBatchAndStopsWhenTooManyFail(Lab lab) throws Exception {
    Path d = shared();
    String mark = d + "/r-$(hostname -I | cut -d' ' -f1)";
    Run ok = fleetsh(lab, Map.of("RESTART", "date > " + mark, "CHECK", "test -s " + mark),
        example("rolling-restart.groovy").toString(), "h[1-3],b1", "demo", "2");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("batch 1: b1,h1: 2 ok, 0 failed, 0 unreachable\n"
        + "batch 2: h2,h3: 2 ok, 0 failed, 0 unreachable\nrolling restart of demo done\n");
    for (String h : List.of("h1", "h2", "h3", "b1")) {
      assertThat(d.resolve("r-" + lab.address(h))).exists();
    }
    // h1 never becomes healthy: the first batch fails half, over 20%, and it stops there.
    Run stop = fleetsh(lab, Map.of("RESTART", "true", "CHECK",
            "[ $(hostname -I | cut -d' ' -f1) != " + lab.address("h1") + " ]"),
        example("rolling-restart.groovy").toString(), "h[1-3],b1", "demo", "2");
    assertThat(stop.exit()).isEqualTo(1);
    assertThat(stop.out()).contains("batch 1: b1,h1: 1 ok, 1 failed, 0 unreachable")
        .contains("rolling stopped after 2 of 4 targets").doesNotContain("batch 2");
  }

  @Test
  void factsGoToATableAndACsvFile(Lab lab) throws Exception {
    Run r = fleetsh(lab, Map.of(), example("facts.groovy").toString(), "h1,b2,198.18.0.250", "f.csv");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).containsPattern("(?m)^TARGET\\s+OS\\s+KERNEL\\s+UPTIME\\s+MEMORY")
        .containsPattern("(?m)^b2\\s+Debian").containsPattern("(?m)^h1\\s+Debian")
        .contains("198.18.0.250: no facts: no route to host");
    List<String> csv = Files.readAllLines(dir.resolve("f.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(0)).isEqualTo("target,os,kernel,uptime,memory");
    assertThat(csv.get(1)).startsWith("\"b2\",\"Debian GNU/Linux");
  }

  @Test
  void aConfigIsPushedAndReloadedOnlyWhereItDiffers(Lab lab) throws Exception {
    Path d = shared();
    Path conf = dir.resolve("app.conf");
    Files.writeString(conf, "a = 1\n");
    Files.writeString(d.resolve("app-h2.conf"), "a = 1\n");
    String remote = d + "/app-%h.conf";
    Run first = fleetsh(lab, Map.of(), example("push-config.groovy").toString(), "h1,h2", conf.toString(),
        remote, "touch " + d + "/reloaded-$(hostname -I | cut -d' ' -f1)");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("h1: updated, reload ok\nh2: unchanged\n1 changed, 0 failed\n");
    assertThat(d.resolve("reloaded-" + lab.address("h1"))).exists();
    assertThat(d.resolve("reloaded-" + lab.address("h2"))).doesNotExist();
    assertThat(Files.readString(d.resolve("app-h1.conf"))).isEqualTo("a = 1\n");
    Run again = fleetsh(lab, Map.of(), example("push-config.groovy").toString(), "h1,h2", conf.toString(),
        remote, "false");
    assertThat(again.out()).isEqualTo("h1: unchanged\nh2: unchanged\n0 changed, 0 failed\n");
  }

  @Test
  void accountsAreAuditedAsRoot(Lab lab) throws Exception {
    Run r = fleetsh(lab, Map.of(), example("account-audit.groovy").toString(), "h2,b3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\* h2\\s+fleet\\s+P\\s+\\(ALL : ALL\\) NOPASSWD: ALL")
        .containsPattern("(?m)^\\* b3\\s+dave\\s+P\\s+\\(ALL : ALL\\) ALL")
        .containsPattern("(?m)^  h2\\s+carol\\s+P\\s+-")
        .contains("accounts with sudo rights on 2 hosts");
  }

  @Test
  void diskUsageFlagsHostsOverTheThreshold(Lab lab) throws Exception {
    Run none = fleetsh(lab, Map.of(), example("disk-usage.groovy").toString(), "h1,b1", "100");
    assertThat(none.exit()).isZero();
    assertThat(none.out()).contains("0 of 2 hosts over 100% on /").containsPattern("(?m)^  (b1|h1)\\s+\\d+% used");
    Run all = fleetsh(lab, Map.of(), example("disk-usage.groovy").toString(), "h1,b1", "0");
    assertThat(all.exit()).isEqualTo(1);
    assertThat(all.out()).contains("2 of 2 hosts over 0% on /").containsPattern("(?m)^! h1\\s+\\d+% used");
  }
}
