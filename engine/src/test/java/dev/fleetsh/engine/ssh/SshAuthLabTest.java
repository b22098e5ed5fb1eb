package dev.fleetsh.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Prompter;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Secret;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key, password and host-key handling against the lab's real sshd. */
@LabTest
class SshAuthLabTest {

  @TempDir
  Path dir;

  /** An ssh_config for h1..h3 and b1 (via jump) with the given Host * options. */
  private Path config(Lab lab, String options) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String h : List.of("jump", "h1", "h2", "h3", "b1")) {
      b.append("Host ").append(h).append("\n  HostName ").append(lab.address(h)).append('\n');
      if (h.equals("b1")) {
        b.append("  ProxyJump jump\n");
      }
    }
    b.append("Host *\n  User fleet\n  IdentitiesOnly yes\n").append(options).append('\n');
    Path f = dir.resolve("ssh_config");
    Files.writeString(f, b.toString());
    return f;
  }

  private static Results run(FleetConfig config, String targets, String command) {
    try (Fleet fleet = Fleet.open(config)) {
      return fleet.execute(fleet.targets(targets), command, ExecOptions.defaults(),
          ExecListener.NONE).await();
    }
  }

  private String knownHosts(Lab lab) {
    return "  UserKnownHostsFile " + lab.knownHosts() + "\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"id_ed25519", "id_ecdsa", "id_rsa"})
  void keyAuthWithEachKeyType(String key, Lab lab) throws Exception {
    Path cfg = config(lab, "  IdentityFile " + lab.key(key) + "\n" + knownHosts(lab));
    Results r = run(FleetConfig.builder().sshConfig(cfg).build(), "h1,b1", "id -un");
    assertThat(r.allOk()).as(r.summary() + r.all()).isTrue();
    assertThat(r.all()).allSatisfy(x -> assertThat(x.stdout()).isEqualTo("fleet\n"));
  }

  @Test
  void aPassphraseProtectedKeyIsUnlockedOnceFromThePrompt(Lab lab) throws Exception {
    Path cfg = config(lab, "  IdentityFile " + lab.key("id_ed25519_pass") + "\n" + knownHosts(lab));
    List<String> asked = new CopyOnWriteArrayList<>();
    Prompter prompter = prompt -> {
      asked.add(prompt);
      return Secret.of(lab.password("passphrase"));
    };
    Results r = run(FleetConfig.builder().sshConfig(cfg).prompter(prompter).build(),
        "h1,h2,h3,b1", "id -un");
    assertThat(r.allOk()).as(r.all().toString()).isTrue();
    assertThat(asked).containsExactly("Passphrase for key " + lab.key("id_ed25519_pass") + ": ");
  }

  @Test
  void aPassphraseFromTheSecretsFileNeedsNoPrompt(Lab lab) throws Exception {
    Path cfg = config(lab, "  IdentityFile " + lab.key("id_ed25519_pass") + "\n" + knownHosts(lab));
    SecretStore secrets = new SecretStore();
    secrets.load(lab.secretsFile());
    Results r = run(FleetConfig.builder().sshConfig(cfg).secrets(secrets)
        .prompter(p -> { throw new AssertionError("asked " + p); }).build(), "h2", "id -un");
    assertThat(r.allOk()).as(r.all().toString()).isTrue();
  }

  @Test
  void passwordAuthFromSecretsAndFromAPromptAskedOncePerHost(Lab lab) throws Exception {
    Path cfg = config(lab, knownHosts(lab) + "  PubkeyAuthentication no\n");
    SecretStore secrets = new SecretStore();
    secrets.put("alice", Secret.of(lab.password("alice")));
    Results fromFile = run(FleetConfig.builder().sshConfig(cfg).secrets(secrets).build(),
        "alice@h1,alice@h2", "id -un");
    assertThat(fromFile.allOk()).as(fromFile.all().toString()).isTrue();

    List<String> asked = new CopyOnWriteArrayList<>();
    Prompter prompter = p -> {
      asked.add(p);
      return Secret.of(lab.password("alice"));
    };
    try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(cfg).prompter(prompter).build())) {
      for (int i = 0; i < 3; i++) {
        Results r = fleet.execute(fleet.targets("alice@h1,alice@h3"), "id -un",
            ExecOptions.defaults(), ExecListener.NONE).await();
        assertThat(r.allOk()).as(r.all().toString()).isTrue();
      }
    }
    assertThat(asked).containsExactlyInAnyOrder("Password for alice@h1: ", "Password for alice@h3: ");
  }

  @Test
  void aWrongPasswordFailsFastWithOneLine(Lab lab) throws Exception {
    Path cfg = config(lab, knownHosts(lab));
    SecretStore secrets = new SecretStore();
    secrets.put("alice@h1", Secret.of("wrong-" + lab.password("alice")));
    long t0 = System.nanoTime();
    Result r = run(FleetConfig.builder().sshConfig(cfg).secrets(secrets).build(), "alice@h1,h2",
        "true").all().get(0);
    assertThat(r.status()).isEqualTo(Result.Status.UNREACHABLE);
    assertThat(r.error()).startsWith("authentication failed for alice@198.18.0.11:22")
        .doesNotContain("wrong-").doesNotContain("\n");
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(15);
  }

  @Test
  void withoutAPasswordOrSomeoneToAskTheErrorSaysHowToGiveOne(Lab lab) throws Exception {
    Path cfg = config(lab, knownHosts(lab));
    Result r = run(FleetConfig.builder().sshConfig(cfg).build(), "alice@h3", "true").all().get(0);
    assertThat(r.error()).isEqualTo("authentication failed for alice@198.18.0.13:22 (keys, "
        + "password: a password can be given with --secrets as alice@h3 = ...)");
  }

  @Test
  void keysInAnSshAgentAreUsedThroughItsSocket(Lab lab) throws Exception {
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(socket); i++) {
        Thread.sleep(20);
      }
      ProcessBuilder add = new ProcessBuilder("ssh-add", lab.key("id_rsa").toString());
      add.environment().put("SSH_AUTH_SOCK", socket.toString());
      add.redirectErrorStream(true);
      Process p = add.start();
      String said = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(said).isZero();
      // No key file at all: only the agent can authenticate.
      Path cfg = config(lab, "  IdentityFile " + dir.resolve("no-such-key") + "\n"
          + "  IdentitiesOnly no\n" + knownHosts(lab));
      Results r = run(FleetConfig.builder().sshConfig(cfg).agentSocket(socket).build(), "h1,b1",
          "id -un");
      assertThat(r.allOk()).as(r.all().toString()).isTrue();
      Results without = run(FleetConfig.builder().sshConfig(cfg).agentSocket(null).build(), "h2",
          "id -un");
      assertThat(without.all().get(0).error()).startsWith("authentication failed for fleet@");
    } finally {
      agent.destroy();
    }
  }

  private String fingerprint(Lab lab, String host) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-lf",
        lab.dir().resolve(host).resolve("ssh_host_ed25519_key.pub").toString()).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.split(" ")[1];
  }

  @Test
  void anUnknownHostKeyIsRefusedNamingHostAndFingerprint(Lab lab) throws Exception {
    Path empty = Files.createFile(dir.resolve("known_hosts"));
    Path cfg = config(lab, "  IdentityFile " + lab.key("id_ed25519") + "\n  UserKnownHostsFile "
        + empty + "\n  StrictHostKeyChecking yes\n");
    Result r = run(FleetConfig.builder().sshConfig(cfg).build(), "h1", "true").all().get(0);
    assertThat(r.status()).isEqualTo(Result.Status.UNREACHABLE);
    assertThat(r.error()).isEqualTo("host key for h1 (198.18.0.11:22) is unknown: ssh-ed25519 "
        + fingerprint(lab, "h1") + " (add it to known_hosts, or set StrictHostKeyChecking accept-new)");
    assertThat(Files.readString(empty)).isEmpty();
  }

  @Test
  void acceptNewAppendsUnknownKeysAndTheyAreTrustedAfterwards(Lab lab) throws Exception {
    Path kh = dir.resolve("kh");
    UnaryOperator<String> strict = mode -> "  IdentityFile " + lab.key("id_ed25519")
        + "\n  UserKnownHostsFile " + kh + "\n  StrictHostKeyChecking " + mode + "\n";
    Path cfg = config(lab, strict.apply("accept-new"));
    assertThat(run(FleetConfig.builder().sshConfig(cfg).build(), "h1,b1", "true").allOk()).isTrue();
    String lines = Files.readString(kh);
    assertThat(lines).contains(lab.address("h1") + " ssh-ed25519 ")
        .contains(lab.address("jump") + " ssh-ed25519 ").contains(lab.address("b1") + " ssh-ed25519 ");
    cfg = config(lab, strict.apply("yes"));
    assertThat(run(FleetConfig.builder().sshConfig(cfg).build(), "h1,b1", "true").allOk()).isTrue();
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWithAcceptNew(Lab lab) throws Exception {
    // known_hosts claims h1's address has h2's key.
    String h2Key = Files.readString(lab.dir().resolve("h2").resolve("ssh_host_ed25519_key.pub"));
    Path kh = dir.resolve("kh");
    Files.writeString(kh, lab.address("h1") + " " + h2Key.split(" ")[0] + " " + h2Key.split(" ")[1] + "\n");
    Path cfg = config(lab, "  IdentityFile " + lab.key("id_ed25519") + "\n  UserKnownHostsFile "
        + kh + "\n  StrictHostKeyChecking accept-new\n");
    Result r = run(FleetConfig.builder().sshConfig(cfg).build(), "h1", "true").all().get(0);
    assertThat(r.error()).isEqualTo("HOST KEY CHANGED for h1 (198.18.0.11:22): it offered ssh-ed25519 "
        + fingerprint(lab, "h1") + ", known_hosts has another ssh-ed25519 key (possible "
        + "man-in-the-middle); refused");
  }
}
