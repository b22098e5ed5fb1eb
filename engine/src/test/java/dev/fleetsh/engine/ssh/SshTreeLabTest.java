package dev.fleetsh.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Execution;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.NodeInfo;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import dev.fleetsh.engine.testing.Processes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live tree against real OpenSSH servers: jump hosts, one connection per host, shells. */
@LabTest
class SshTreeLabTest {

  private Fleet fleet;
  private Lab lab;

  @BeforeEach
  void open(Lab lab) throws Exception {
    this.lab = lab;
    lab.awaitQuiet();
    fleet = Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig()).build());
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private Results run(String targets, String command) {
    return fleet.execute(fleet.targets(targets), command, ExecOptions.defaults(), ExecListener.NONE)
        .await();
  }

  private Result one(String target, String command) {
    return run(target, command).all().get(0);
  }

  @Test
  void runsOnHostsReachableOnlyThroughTheJumpHost() throws Exception {
    Results r = run("b1,b2,b3,jump/ssh:" + lab.address("b1"), "ip -4 -o addr show eth0");
    assertThat(r.allOk()).as(r.summary()).isTrue();
    for (String b : Lab.BACK) {
      assertThat(r.all()).anySatisfy(x -> {
        assertThat(x.targetPath()).isEqualTo(b);
        assertThat(x.stdout()).contains(lab.address(b) + "/");
      });
    }
    assertThat(fleet.tree()).filteredOn(n -> n.target().path().equals("b1"))
        .singleElement().satisfies(n -> {
          assertThat(n.via()).isEqualTo("jump");
          assertThat(n.state()).isEqualTo(NodeInfo.State.READY);
        });
    // The jump host carries the tunnels: one session there, one end-to-end session per back host.
    assertThat(lab.sshConnections("jump")).isEqualTo(1);
    assertThat(lab.sshConnections("b1")).isEqualTo(1);
  }

  @Test
  void oneConnectionPerHostHoweverManyCommandsAndShells() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(run("h1,h2", "true").allOk()).isTrue();
    }
    // Concurrent commands on one host use several shells, still over one connection.
    Execution a = fleet.execute(fleet.targets("h1"), "sleep 0.5", ExecOptions.defaults(), ExecListener.NONE);
    Execution b = fleet.execute(fleet.targets("h1"), "sleep 0.5", ExecOptions.defaults(), ExecListener.NONE);
    assertThat(a.await().allOk()).isTrue();
    assertThat(b.await().allOk()).isTrue();
    assertThat(lab.sshConnections("h1")).isEqualTo(1);
    assertThat(lab.sshConnections("h2")).isEqualTo(1);
  }

  @Test
  void twoHundredSequentialCommandsOverOneConnection() throws Exception {
    String first = one("h3", "echo $PPID").stdout();
    for (int i = 0; i < 200; i++) {
      Result r = one("h3", "echo " + i);
      assertThat(r.stdout()).isEqualTo(i + "\n");
    }
    assertThat(one("h3", "echo $PPID").stdout()).isEqualTo(first);
    assertThat(lab.sshConnections("h3")).isEqualTo(1);
  }

  @Test
  void hundredMebibytesOfBinaryOutputArriveByteExactWithBoundedMemory() throws Exception {
    // The engine's test JVM has a small heap (surefire argLine): keeping 100 MiB would not fit.
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(300L * 1024 * 1024);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    AtomicLong bytes = new AtomicLong();
    StringBuilder err = new StringBuilder();
    ExecListener hashing = new ExecListener() {
      @Override
      public void stdout(Target t, byte[] buf, int off, int len) {
        sha.update(buf, off, len);
        bytes.addAndGet(len);
      }

      @Override
      public void stderr(Target t, byte[] buf, int off, int len) {
        synchronized (err) {
          err.append(new String(buf, off, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
      }
    };
    // The target hashes what it sends, through a fifo, and reports the hash on stderr.
    String command = "f=$(mktemp -u); mkfifo $f; sha256sum < $f >&2 & "
        + "head -c 104857600 /dev/urandom | tee $f; wait; rm -f $f";
    Result r = fleet.execute(fleet.targets("b2"), command, ExecOptions.defaults().withCapture(0),
        hashing).await().all().get(0);
    assertThat(r.exit()).as(r.error()).isZero();
    assertThat(bytes.get()).isEqualTo(104857600L);
    assertThat(r.stdoutBytes()).isEmpty();
    String remote = err.toString().trim().split("\\s+")[0];
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(remote);
  }

  @Test
  void exitStatusesSignalsAndStreamsOverSsh() {
    Result both = one("h1", "echo out; echo err >&2");
    assertThat(both.stdout()).isEqualTo("out\n");
    assertThat(both.stderr()).isEqualTo("err\n");
    assertThat(both.exit()).isZero();
    assertThat(one("h1", "false").exit()).isEqualTo(1);
    Result missing = one("h1", "no-such-command-anywhere");
    assertThat(missing.exit()).isEqualTo(127);
    assertThat(missing.stderr()).contains("not found");
    assertThat(one("h1", "sh -c 'kill -TERM $$'").exit()).isEqualTo(128 + 15);
  }

  @Test
  void awkwardCommandsBehaveAndLeaveTheContextUsable() {
    Result syntax = one("h2", "if then fi (");
    assertThat(syntax.exit()).isEqualTo(2);
    assertThat(syntax.stderr()).containsIgnoringCase("syntax error");
    assertThat(one("h2", "echo ok").stdout()).isEqualTo("ok\n");

    assertThat(one("h2", "exit 42").exit()).isEqualTo(42);
    assertThat(one("h2", "echo ok").stdout()).isEqualTo("ok\n");

    Result stdin = one("h2", "read line; echo \"got[$line]\"; cat; echo end");
    assertThat(stdin.stdout()).isEqualTo("got[]\nend\n");

    Result bg = one("h2", "sleep 60 >/dev/null 2>&1 & echo $!");
    long pid = Long.parseLong(bg.stdout().strip());
    assertThat(one("h2", "echo ok").stdout()).isEqualTo("ok\n");
    assertThat(Processes.running(pid)).isTrue();
    one("h2", "kill " + pid);

    String fake = "FLSH0123456789abcdef0123456789abcdef:1:0";
    Result marker = one("h2", "echo " + fake + "; printf 'ready:7\\n' >&2");
    assertThat(marker.stdout()).isEqualTo(fake + "\n");
    assertThat(marker.stderr()).isEqualTo("ready:7\n");

    Result binary = one("h2", "printf '\\000\\001\\377x'");
    assertThat(binary.stdoutBytes()).containsExactly(0, 1, (byte) 0xff, 'x');
  }

  @Test
  void timeoutAndCancelLeaveNoRemoteProcessBehind() throws Exception {
    Result timedOut = fleet.execute(fleet.targets("h3"),
        "sh -c 'echo $$; exec sleep 120' | cat; sleep 120",
        ExecOptions.defaults().withTimeout(Duration.ofSeconds(1)), ExecListener.NONE).await()
        .all().get(0);
    assertThat(timedOut.error()).isEqualTo("timed out after 1s");
    long pid = Long.parseLong(timedOut.stdout().strip());
    assertThat(Processes.endsSoon(pid)).isTrue();

    StringBuilder pids = new StringBuilder();
    Execution e = fleet.execute(fleet.targets("h1,b1"), "sh -c 'echo $$; exec sleep 120'",
        ExecOptions.defaults(), new ExecListener() {
          @Override
          public void stdout(Target t, byte[] buf, int off, int len) {
            synchronized (pids) {
              pids.append(new String(buf, off, len));
            }
          }
        });
    for (int i = 0; i < 200 && pids.toString().split("\n").length < 2; i++) {
      Thread.sleep(25);
    }
    e.cancel();
    Results cancelled = e.await();
    assertThat(cancelled.all()).allSatisfy(x -> assertThat(x.error()).isEqualTo("interrupted"));
    for (String p : pids.toString().trim().split("\\s+")) {
      assertThat(Processes.running(Long.parseLong(p))).as("pid " + p).isFalse();
    }
    assertThat(run("h1,b1", "echo still").allOk()).isTrue();
  }

  @Test
  void anUnreachableHostIsReportedWhileTheOthersSucceed() {
    Results r = run("h1,198.18.0.250,jump/ssh:198.19.0.250,h2", "echo hi");
    assertThat(r.ok()).extracting(Result::targetPath).containsExactlyInAnyOrder("h1", "h2");
    assertThat(r.unreachable()).hasSize(2);
    assertThat(r.unreachable().get(0).error()).isEqualTo("no route to host (198.18.0.250:22)");
    assertThat(r.unreachable().get(1).error()).startsWith("the jump host cannot reach 198.19.0.250:22");
  }

  @Test
  void aConnectionKilledOnTheServerIsReEstablishedByTheNextCommand() throws Exception {
    assertThat(one("h2", "true").ok()).isTrue();
    Execution running = fleet.execute(fleet.targets("h2"), "sleep 30", ExecOptions.defaults(),
        ExecListener.NONE);
    Thread.sleep(500);
    killSessions("h2");
    Result lost = running.await().all().get(0);
    assertThat(lost.ok()).isFalse();
    assertThat(lost.error()).startsWith("the connection was lost during the command");

    Result again = one("h2", "echo back");
    assertThat(again.stdout()).isEqualTo("back\n");
    assertThat(lab.sshConnections("h2")).isEqualTo(1);
  }

  /** Kills the per-connection sshd processes of a lab host, leaving its listener up. */
  private void killSessions(String host) throws Exception {
    Lab.ProcResult pids = lab.inHost(host, "sh", "-c",
        "for p in $(ip netns pids fl-" + host + " 2>/dev/null || true); do :; done; "
            + "pgrep -f 'sshd: fleet' || true");
    for (String p : pids.stdout().trim().split("\\s+")) {
      if (!p.isBlank() && Processes.netnsOf(Long.parseLong(p)).equals(Processes.netnsOf(host))) {
        new ProcessBuilder("kill", "-9", p).start().waitFor();
      }
    }
  }
}
