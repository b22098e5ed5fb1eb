package dev.fleetsh.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent-shell protocol end to end on the controller's own {@code /bin/sh}. */
class FleetLocalTest {

  private Fleet fleet;
  private List<Target> local;

  @BeforeEach
  void open() {
    fleet = Fleet.open(FleetConfig.builder().build());
    local = fleet.targets("local");
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private Result run(String command) {
    return fleet.execute(local, command, ExecOptions.defaults(), ExecListener.NONE).await()
        .all().get(0);
  }

  @Test
  void exitStatusesAndStreamsAreKeptApart() {
    Result ok = run("echo out; echo err >&2");
    assertThat(ok.status()).isEqualTo(Result.Status.OK);
    assertThat(ok.stdout()).isEqualTo("out\n");
    assertThat(ok.stderr()).isEqualTo("err\n");

    assertThat(run("false").exit()).isEqualTo(1);
    Result missing = run("no-such-command-here");
    assertThat(missing.exit()).isEqualTo(127);
    assertThat(missing.stderr()).contains("not found");
    assertThat(run("sh -c 'kill -9 $$'").exit()).isEqualTo(128 + 9);
  }

  @Test
  void aShellKilledUnderACommandIsReportedAndReplaced() {
    // In the command's subshell $$ is the persistent shell itself.
    Result r = run("kill -9 $$");
    assertThat(r.exit()).isNull();
    assertThat(r.error()).isEqualTo("the shell ended during the command");
    assertThat(run("echo replaced").stdout()).isEqualTo("replaced\n");
  }

  @Test
  void outputWithoutTrailingNewlineIsExact() {
    assertThat(run("printf abc").stdout()).isEqualTo("abc");
    assertThat(run("printf ''").stdout()).isEmpty();
  }

  @Test
  void trickyCommandsLeaveTheShellUsable() {
    Result syntax = run("echo 'unclosed");
    assertThat(syntax.exit()).isNotZero();
    assertThat(run("echo still here").stdout()).isEqualTo("still here\n");

    assertThat(run("exit 7").exit()).isEqualTo(7);
    assertThat(run("echo after exit").stdout()).isEqualTo("after exit\n");

    Result stdin = run("cat; echo done");
    assertThat(stdin.stdout()).isEqualTo("done\n");

    Result bg = run("sleep 30 & echo started");
    assertThat(bg.stdout()).isEqualTo("started\n");
    assertThat(run("echo next").stdout()).isEqualTo("next\n");

    Result fake = run("echo FLSH00000000000000000000000000000000:1:0; echo ready:1");
    assertThat(fake.stdout()).isEqualTo("FLSH00000000000000000000000000000000:1:0\nready:1\n");

    run("cd /tmp");
    assertThat(run("pwd").stdout()).isNotEqualTo("/tmp\n");
  }

  @Test
  void binaryOutputArrivesByteForByte(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[256 * 1024];
    new java.util.Random(7).nextBytes(bytes);
    Path f = dir.resolve("blob");
    Files.write(f, bytes);
    Result r = run("cat " + f);
    assertThat(r.stdoutBytes()).isEqualTo(bytes);
  }

  @Test
  void aTimeoutStopsTheRemoteProcesses(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    long t0 = System.nanoTime();
    Result r = fleet.execute(local, "sh -c 'echo $$ > " + pidFile + "; exec sleep 60' | cat",
        ExecOptions.defaults().withTimeout(Duration.ofMillis(500)), ExecListener.NONE).await()
        .all().get(0);
    assertThat(r.status()).isEqualTo(Result.Status.FAILED);
    assertThat(r.error()).isEqualTo("timed out after 500ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(Processes.endsSoon(pid)).isTrue();
    assertThat(run("echo usable").stdout()).isEqualTo("usable\n");
  }

  @Test
  void noChildEscapesAStopWhileItsParentKeepsForking() throws Exception {
    // The parent forks a child every few milliseconds: a child forked after the tree was
    // walked but before its parent died would be orphaned and survive a naive walk-and-kill.
    String mark = "9." + ProcessHandle.current().pid();
    for (int round = 0; round < 5; round++) {
      Execution e = fleet.execute(local,
          // Bounded, so that it cannot outlive a test JVM that dies in the middle.
          "i=0; while [ $i -lt 3000 ]; do sleep " + mark + " & sleep 0.002; i=$((i+1)); done",
          ExecOptions.defaults(), ExecListener.NONE);
      Thread.sleep(150);
      e.cancel();
      Result r = e.await().all().get(0);
      assertThat(r.error()).as("%s", r).isEqualTo("interrupted");
      assertThat(Processes.survivorsWithArgument(mark)).as("round %d", round).isEmpty();
    }
    assertThat(run("echo usable").stdout()).isEqualTo("usable\n");
  }

  @Test
  void cancelStopsTheCommandEverywhere(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    Execution e = fleet.execute(local, "sh -c 'echo $$ > " + pidFile + "; exec sleep 60'",
        ExecOptions.defaults(), ExecListener.NONE);
    for (int i = 0; i < 100 && !Files.exists(pidFile); i++) {
      Thread.sleep(20);
    }
    e.cancel();
    Result r = e.await().all().get(0);
    assertThat(r.error()).isEqualTo("interrupted");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(Processes.endsSoon(pid)).isTrue();
    assertThat(run("echo usable").stdout()).isEqualTo("usable\n");
  }

  @Test
  void concurrentCommandsOnOneContextUseSeveralShells() {
    List<Target> three = List.of(Target.local());
    Execution a = fleet.execute(three, "sleep 0.3; echo a", ExecOptions.defaults(), ExecListener.NONE);
    Execution b = fleet.execute(three, "sleep 0.3; echo b", ExecOptions.defaults(), ExecListener.NONE);
    assertThat(a.await().all().get(0).stdout()).isEqualTo("a\n");
    assertThat(b.await().all().get(0).stdout()).isEqualTo("b\n");
    assertThat(fleet.tree()).singleElement().satisfies(n -> {
      assertThat(n.state()).isEqualTo(NodeInfo.State.READY);
      assertThat(n.shells()).isEqualTo(2);
    });
  }

  @Test
  void resultsSerialiseToJson() throws Exception {
    Results r = fleet.execute(local, "echo out; exit 4", ExecOptions.defaults(), ExecListener.NONE).await();
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r);
    assertThat(json).startsWith("[{\"target\":\"local\",\"exit\":4,\"stdout\":\"out\\n\",\"stderr\":\"\",\"duration_ms\":")
        .endsWith(",\"error\":null}]");
    assertThat(r.toString()).isEqualTo("0 ok, 1 failed, 0 unreachable\n  local: exit 4");
  }

  @Test
  void theContextStaysOpenAcrossCommands() {
    String first = run("echo $PPID").stdout();
    for (int i = 0; i < 50; i++) {
      assertThat(run("echo $PPID").stdout()).isEqualTo(first);
    }
  }
}
