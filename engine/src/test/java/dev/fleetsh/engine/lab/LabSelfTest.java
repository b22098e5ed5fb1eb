package dev.fleetsh.engine.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lab keeps its promises, checked with OpenSSH from outside fleetsh. */
@LabTest
class LabSelfTest {

  @Test
  void frontHostsAnswerWithKeyAuth(Lab lab) throws Exception {
    for (String h : Lab.FRONT) {
      Lab.ProcResult r = lab.ssh(null, h, "id -un; ip -4 -o addr show eth0");
      assertThat(r.exit()).as(r.stderr()).isZero();
      assertThat(r.stdout()).startsWith("fleet\n").contains(lab.address(h) + "/");
    }
  }

  @Test
  void backHostsAreReachableOnlyThroughTheJumpHost(Lab lab) throws Exception {
    Lab.ProcResult direct = lab.ssh(null, "-o", "ConnectTimeout=3", lab.address("b1"), "true");
    assertThat(direct.exit()).isEqualTo(255);
    assertThat(direct.stderr()).containsIgnoringCase("no route to host");

    for (String h : Lab.BACK) {
      Lab.ProcResult r = lab.ssh(null, h, "ip -4 -o addr show eth0");
      assertThat(r.exit()).as(r.stderr()).isZero();
      assertThat(r.stdout()).contains(lab.address(h) + "/");
    }
  }

  @Test
  void passwordUsersLogInWithTheirPasswordOnly(Lab lab) throws Exception {
    Lab.ProcResult ok = lab.ssh(lab.password("alice"), "-o", "PubkeyAuthentication=no",
        "alice@h1", "id -un");
    assertThat(ok.exit()).as(ok.stderr()).isZero();
    assertThat(ok.stdout()).isEqualTo("alice\n");

    Lab.ProcResult bad = lab.ssh("not-" + lab.password("alice"), "-o", "PubkeyAuthentication=no",
        "-o", "NumberOfPasswordPrompts=1", "alice@h1", "id -un");
    assertThat(bad.exit()).isEqualTo(255);
    assertThat(bad.stderr()).contains("Permission denied");
  }

  @Test
  void sudoRulesWithAndWithoutPassword(Lab lab) throws Exception {
    Lab.ProcResult nopasswd = lab.ssh(null, "h2", "sudo -n id -un");
    assertThat(nopasswd.stdout()).isEqualTo("root\n");

    String pw = lab.password("alice");
    Lab.ProcResult needs = lab.ssh(pw, "-o", "PubkeyAuthentication=no", "alice@h2",
        "sudo -n id -un; echo '" + pw + "' | sudo -S -p '' id -un");
    assertThat(needs.stdout()).isEqualTo("root\n");
    assertThat(needs.stderr()).contains("a password is required");

    Lab.ProcResult wrong = lab.ssh(pw, "-o", "PubkeyAuthentication=no", "alice@h2",
        "printf 'wrong\\nwrong\\nwrong\\n' | sudo -S -p '' id -un");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.stdout()).isEmpty();
  }

  @Test
  void theContainerRunsOnTheHosts(Lab lab) throws Exception {
    Lab.ProcResult r = lab.ssh(null, "root@h1", "podman exec " + Lab.CONTAINER + " id -u");
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo("0");
  }

  @Test
  void suTargetsHavePasswords(Lab lab) throws Exception {
    // carol and user01..20 can log in with their passwords: su to them asks the same ones.
    for (String u : new String[] {"carol", "user01", "user20"}) {
      Lab.ProcResult r = lab.ssh(lab.password(u), "-o", "PubkeyAuthentication=no", u + "@h3",
          "id -un");
      assertThat(r.stdout()).as(r.stderr()).isEqualTo(u + "\n");
    }
  }
}
