package dev.fleetsh.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.testing.TestSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast checks of the SSH tree against in-process MINA servers, chained for a jump. */
class SshInProcessTest {

  @TempDir
  Path dir;

  private TestSshServer jump;
  private TestSshServer target;
  private Path key;

  @BeforeEach
  void start() throws Exception {
    KeyPair kp = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    key = dir.resolve("id_ed25519");
    try (var out = Files.newOutputStream(key)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "test", null, out);
    }
    jump = new TestSshServer().authorize(kp.getPublic());
    target = new TestSshServer().authorize(kp.getPublic()).password("pat", "pat-secret-1");
    Path kh = dir.resolve("known_hosts");
    jump.writeKnownHosts(dir.resolve("kh1"));
    target.writeKnownHosts(dir.resolve("kh2"));
    Files.writeString(kh, Files.readString(dir.resolve("kh1")) + Files.readString(dir.resolve("kh2")));
    Files.writeString(dir.resolve("config"), """
        Host jump
          HostName 127.0.0.1
          Port %d
        Host inner
          HostName 127.0.0.1
          Port %d
          ProxyJump jump
        Host direct
          HostName 127.0.0.1
          Port %d
        Host *
          User tester
          IdentityFile %s
          UserKnownHostsFile %s
        """.formatted(jump.port(), target.port(), target.port(), key, kh));
  }

  @AfterEach
  void stop() throws Exception {
    jump.close();
    target.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Fleet fleet(SecretStore secrets) {
    FleetConfig.Builder b = FleetConfig.builder().sshConfig(dir.resolve("config"));
    return Fleet.open(secrets == null ? b.build() : b.secrets(secrets).build());
  }

  @Test
  void aSessionTunnelledThroughTheJumpRunsCommands() {
    try (Fleet fleet = fleet(null)) {
      for (int i = 0; i < 5; i++) {
        Results r = fleet.execute(fleet.targets("inner,direct"), "echo $((40+2))",
            ExecOptions.defaults(), ExecListener.NONE).await();
        assertThat(r.all()).allSatisfy(x -> assertThat(x.stdout()).as(x.describe()).isEqualTo("42\n"));
      }
      // inner and direct are the same server reached two ways: two sessions there, one at jump.
      assertThat(target.sessionsOpen()).isEqualTo(2);
      assertThat(jump.sessionsOpen()).isEqualTo(1);
    }
  }

  @Test
  void concurrentFirstUsesShareOneConnect() {
    try (Fleet fleet = fleet(null)) {
      var runs = new java.util.ArrayList<dev.fleetsh.engine.Execution>();
      for (int i = 0; i < 8; i++) {
        runs.add(fleet.execute(fleet.targets("direct"), "true", ExecOptions.defaults(), ExecListener.NONE));
      }
      runs.forEach(e -> assertThat(e.await().allOk()).isTrue());
      assertThat(target.sessionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void aHostThatAcceptsButNeverSpeaksTimesOutWithOneLine() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 10,
        java.net.InetAddress.getLoopbackAddress())) {
      Files.writeString(dir.resolve("config-silent"), """
          Host mute
            HostName 127.0.0.1
            Port %d
            ConnectTimeout 2
          Host direct
            HostName 127.0.0.1
            Port %d
          Host *
            User tester
            IdentityFile %s
            UserKnownHostsFile %s
          """.formatted(silent.getLocalPort(), target.port(), key, dir.resolve("known_hosts")));
      try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(dir.resolve("config-silent")).build())) {
        long t0 = System.nanoTime();
        Results r = fleet.execute(fleet.targets("mute,direct"), "echo up", ExecOptions.defaults(),
            ExecListener.NONE).await();
        assertThat(r.ok()).extracting(Result::targetPath).containsExactly("direct");
        Result mute = r.unreachable().get(0);
        assertThat(mute.error()).isEqualTo("connection timed out after 2s (127.0.0.1:"
            + silent.getLocalPort() + ")");
        assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(20);
      }
    }
  }

  @Test
  void aSlowKeyExchangeAfterTheServersFirstLineIsNotATimeout() throws Exception {
    // The server's identification line passes at once; the key exchange that follows is held
    // for 3 s, past ConnectTimeout 1, as on a controller busy with many key exchanges at once.
    try (java.net.ServerSocket front = new java.net.ServerSocket(0, 10,
        java.net.InetAddress.getLoopbackAddress())) {
      Thread relay = new Thread(() -> {
        try (java.net.Socket client = front.accept();
            java.net.Socket server = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                target.port())) {
          Thread down = new Thread(() -> copy(server, client, 0));
          down.start();
          copy(client, server, 3000);
          down.join();
        } catch (IOException | InterruptedException e) {
          // The test's assertions tell what went wrong.
        }
      });
      relay.setDaemon(true);
      relay.start();
      Files.writeString(dir.resolve("config-slowkex"), """
          Host slowkex
            HostName 127.0.0.1
            Port %d
            ConnectTimeout 1
            StrictHostKeyChecking no
            User tester
            IdentityFile %s
            UserKnownHostsFile %s
          """.formatted(front.getLocalPort(), key, dir.resolve("known_hosts")));
      try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(dir.resolve("config-slowkex")).build())) {
        Result r = fleet.execute(fleet.targets("slowkex"), "echo up", ExecOptions.defaults(),
            ExecListener.NONE).await().all().get(0);
        assertThat(r.stdout()).as(r.describe()).isEqualTo("up\n");
      }
    }
  }

  /** Copies {@code from} to {@code to}; after the first line, waits {@code holdMs} once. */
  private static void copy(java.net.Socket from, java.net.Socket to, long holdMs) {
    try {
      var in = from.getInputStream();
      var out = to.getOutputStream();
      byte[] buf = new byte[8192];
      boolean held = holdMs == 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
        if (!held && new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n")) {
          Thread.sleep(holdMs);
          held = true;
        }
      }
      to.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      // The other side closed.
    }
  }

  @Test
  void passwordsFromTheSecretStoreLogIn() {
    SecretStore secrets = new SecretStore();
    secrets.put("pat@direct", Secret.of("pat-secret-1"));
    try (Fleet fleet = fleet(secrets)) {
      Result r = fleet.execute(fleet.targets("pat@direct"), "echo in", ExecOptions.defaults(),
          ExecListener.NONE).await().all().get(0);
      assertThat(r.stdout()).as(r.describe()).isEqualTo("in\n");
    }
  }

  @Test
  void aDroppedSessionIsOpenedAgainOnNextUse() {
    try (Fleet fleet = fleet(null)) {
      assertThat(fleet.execute(fleet.targets("inner"), "true", ExecOptions.defaults(),
          ExecListener.NONE).await().allOk()).isTrue();
      jump.dropAllSessions();
      // As a user would: the drop shows in the tree, then the next command reconnects.
      for (int i = 0; i < 100 && fleet.tree().stream().anyMatch(
          n -> n.state() == dev.fleetsh.engine.NodeInfo.State.READY); i++) {
        sleep(50);
      }
      Results again = fleet.execute(fleet.targets("inner"), "echo back", ExecOptions.defaults(),
          ExecListener.NONE).await();
      assertThat(again.all().get(0).stdout()).as(again.all().toString()).isEqualTo("back\n");
    }
  }
}
