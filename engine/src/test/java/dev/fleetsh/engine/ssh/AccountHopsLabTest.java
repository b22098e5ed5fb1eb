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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** sudo, su and doas accounts as targets over the host's one connection, on real servers. */
@LabTest
class AccountHopsLabTest {

  private static SecretStore secrets(Lab lab, String... users) {
    SecretStore s = new SecretStore();
    for (String u : users) {
      s.put(u, Secret.of(lab.password(u)));
    }
    return s;
  }

  private static Results run(Fleet fleet, String targets, String command) {
    return fleet.execute(fleet.targets(targets), command, ExecOptions.defaults(), ExecListener.NONE)
        .await();
  }

  private static Fleet fleet(Lab lab, SecretStore secrets, Prompter prompter) {
    return Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig()).secrets(secrets)
        .prompter(prompter).build());
  }

  @Test
  void sudoWithAndWithoutPasswordAndSuWithPassword(Lab lab) {
    try (Fleet f = fleet(lab, secrets(lab, "dave", "carol"), Prompter.NONE)) {
      Results r = run(f, "h1/sudo:root,dave@h1/sudo:root,h1/su:carol,dave@h2/sudo:carol",
          "echo \"$(id -un) $(pwd)\"; touch /tmp/fleetsh-owner-$(id -un); stat -c %U /tmp/fleetsh-owner-$(id -un)");
      assertThat(r.allOk()).as(r.all().toString()).isTrue();
      assertThat(r.all()).extracting(x -> x.targetPath() + "=" + x.stdout().lines().findFirst().orElse("").split(" ")[0])
          .containsExactlyInAnyOrder("h1/sudo:root=root", "dave@h1/sudo:root=root",
              "h1/su:carol=carol", "dave@h2/sudo:carol=carol");
      assertThat(r.all()).allSatisfy(x -> assertThat(x.stdout().lines().toList().get(1))
          .isEqualTo(x.stdout().split(" ")[0]));
    }
  }

  @Test
  void doasWithANopassRuleAndAClearErrorWhereItWantsATerminal(Lab lab) {
    try (Fleet f = fleet(lab, secrets(lab, "dave"), Prompter.NONE)) {
      Results r = run(f, "h2/doas:root,h2/doas:carol,dave@h2/doas:carol", "id -un");
      assertThat(r.all()).extracting(x -> x.targetPath() + "=" + (x.ok() ? x.stdout().strip() : x.error()))
          .containsExactlyInAnyOrder("h2/doas:root=root", "h2/doas:carol=carol",
              "dave@h2/doas:carol=doas to carol on h2: it asks for the password on a terminal only,"
                  + " which fleetsh does not give it; use a rule that needs no password (doas nopass) or sudo");
    }
  }

  @Test
  void aWrongPasswordFailsFastForEachKind(Lab lab) {
    SecretStore wrong = new SecretStore();
    wrong.put("dave", Secret.of("not-" + lab.password("dave")));
    wrong.put("carol", Secret.of("not-" + lab.password("carol")));
    try (Fleet f = fleet(lab, wrong, Prompter.NONE)) {
      long t0 = System.nanoTime();
      Results r = run(f, "dave@h3/sudo:root,h3/su:carol", "id -un");
      long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
      assertThat(r.all()).extracting(Result::error).containsExactlyInAnyOrder(
          "sudo to root on h3: wrong password for dave",
          "su to carol on h3: wrong password for carol");
      // A bound against hanging or retrying, not a performance figure: PAM's delay is ~2 s.
      assertThat(seconds).isLessThan(15);
      assertThat(r.all()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Result.Status.UNREACHABLE));
    }
  }

  @Test
  void aNeededPasswordWithNoOneToAskSaysHowToGiveIt(Lab lab) {
    try (Fleet f = fleet(lab, new SecretStore(), Prompter.NONE)) {
      Results r = run(f, "dave@h2/sudo:root,h2/su:carol", "true");
      assertThat(r.all()).extracting(Result::error).containsExactlyInAnyOrder(
          "sudo to root on h2 needs the password of dave: give it with --secrets as dave@h2 = ...",
          "su to carol on h2 needs the password of carol: give it with --secrets as carol@h2 = ...");
    }
  }

  @Test
  void aPasswordIsAskedOncePerAccountAndHost(Lab lab) {
    List<String> asked = new CopyOnWriteArrayList<>();
    Prompter p = prompt -> {
      asked.add(prompt);
      return Secret.of(lab.password(prompt.contains("dave") ? "dave" : "carol"));
    };
    try (Fleet f = fleet(lab, new SecretStore(), p)) {
      for (int i = 0; i < 3; i++) {
        Results r = run(f, "dave@h1/sudo:root,dave@h1/sudo:nobody,h1/su:carol", "id -un");
        assertThat(r.allOk()).as(r.all().toString()).isTrue();
      }
    }
    assertThat(asked).containsExactlyInAnyOrder("[sudo] password for dave@h1: ",
        "Password for carol@h1 (su): ");
  }

  @Test
  void twentySuAccountsInParallelOverOneConnection(Lab lab) throws Exception {
    lab.awaitQuiet();
    SecretStore s = new SecretStore();
    s.load(lab.secretsFile());
    try (Fleet f = fleet(lab, s, Prompter.NONE)) {
      Results r = run(f, "h3/su:user[01-20]", "id -un");
      assertThat(r.allOk()).as(r.all().toString()).isTrue();
      assertThat(r.size()).isEqualTo(20);
      for (Result x : r) {
        assertThat(x.targetPath()).endsWith("/su:" + x.stdout().strip());
      }
      assertThat(lab.sshConnections("h3")).isEqualTo(1);
      // Warm: a second round starts no new session and asks for nothing.
      assertThat(run(f, "h3/su:user[01-20]", "true").allOk()).isTrue();
      assertThat(lab.sshConnections("h3")).isEqualTo(1);
    }
  }

  @Test
  void hopsStackAndWorkBehindTheJumpHost(Lab lab) {
    try (Fleet f = fleet(lab, secrets(lab, "carol", "dave"), Prompter.NONE)) {
      Results r = run(f, "h2/sudo:root/su:carol,b1/sudo:root,jump/ssh:" + lab.address("b2")
          + "/sudo:dave/sudo:root", "id -un");
      assertThat(r.allOk()).as(r.all().toString()).isTrue();
      assertThat(r.all()).extracting(x -> x.targetPath() + "=" + x.stdout().strip())
          .containsExactlyInAnyOrder("h2/sudo:root/su:carol=carol", "b1/sudo:root=root",
              "jump/ssh:" + lab.address("b2") + "/sudo:dave/sudo:root=root");
    }
  }

  @Test
  void ctrlCInsideAnAccountStopsItsProcesses(Lab lab) throws Exception {
    try (Fleet f = fleet(lab, secrets(lab, "carol"), Prompter.NONE)) {
      Result r = f.execute(f.targets("h1/su:carol"), "sh -c 'echo $$; exec sleep 60'",
          ExecOptions.defaults().withTimeout(Duration.ofSeconds(1)), ExecListener.NONE).await()
          .all().get(0);
      assertThat(r.error()).isEqualTo("timed out after 1s");
      long pid = Long.parseLong(r.stdout().strip());
      assertThat(dev.fleetsh.engine.testing.Processes.endsSoon(pid)).isTrue();
    }
  }
}
