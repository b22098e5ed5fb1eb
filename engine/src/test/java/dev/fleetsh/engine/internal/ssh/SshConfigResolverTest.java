package dev.fleetsh.engine.internal.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigResolverTest {

  @TempDir
  Path dir;

  private SshConfigResolver resolver(String config) throws Exception {
    Path f = dir.resolve("config");
    Files.writeString(f, config);
    return new SshConfigResolver(f, Duration.ofSeconds(10));
  }

  @Test
  void readsTheOptionsUsersSetAndMergesWildcards() throws Exception {
    SshConfigResolver r = resolver("""
        Host web01
          HostName 10.1.2.3
          Port 2222
          User deploy
          IdentityFile %d/keys/%r-%h
          ConnectTimeout 3
          ServerAliveInterval 5
          ServerAliveCountMax 2
          Ciphers aes128-gcm@openssh.com,chacha20-poly1305@openssh.com
        Host db*
          ProxyJump ops@bastion:2200,gw
          StrictHostKeyChecking accept-new
        Host bastion
          HostName 192.0.2.10
        Host *
          User fallback
          IdentitiesOnly yes
          UserKnownHostsFile ~/kh1 ~/kh2
        """);
    SshSettings web = r.resolve("web01", null, 0, true);
    assertThat(web.hostName()).isEqualTo("10.1.2.3");
    assertThat(web.port()).isEqualTo(2222);
    assertThat(web.user()).isEqualTo("deploy");
    String home = System.getProperty("user.home");
    assertThat(web.identities()).containsExactly(Path.of(home + "/keys/deploy-10.1.2.3"));
    assertThat(web.identitiesOnly()).isTrue();
    assertThat(web.knownHosts()).containsExactly(Path.of(home, "kh1"), Path.of(home, "kh2"));
    assertThat(web.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(web.aliveInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(web.aliveCountMax()).isEqualTo(2);
    assertThat(web.ciphers()).containsExactly("aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com");
    assertThat(web.strict()).isEqualTo(SshSettings.StrictHostKeyChecking.YES);
    assertThat(web.jumps()).isEmpty();

    SshSettings db = r.resolve("db7", "root", 0, true);
    assertThat(db.user()).isEqualTo("root");
    assertThat(db.strict()).isEqualTo(SshSettings.StrictHostKeyChecking.ACCEPT_NEW);
    assertThat(db.jumps()).extracting(SshSettings::key)
        .containsExactly("ops@192.0.2.10:2200", "fallback@gw:22");
    assertThat(db.key()).isEqualTo("ops@192.0.2.10:2200 > fallback@gw:22 > root@db7:22");

    assertThat(r.resolve("db7", null, 0, false).jumps()).isEmpty();
  }

  @Test
  void withoutAConfigFileTheDefaultsApply() {
    SshSettings s = new SshConfigResolver(null, Duration.ofSeconds(7)).resolve("h", null, 0, true);
    assertThat(s.hostName()).isEqualTo("h");
    assertThat(s.port()).isEqualTo(22);
    assertThat(s.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.strict()).isEqualTo(SshSettings.StrictHostKeyChecking.YES);
  }

  @Test
  void badValuesAreNamed() throws Exception {
    SshConfigResolver r = resolver("Host x\n  StrictHostKeyChecking maybe\n  ConnectTimeout soon\n");
    assertThatThrownBy(() -> r.resolve("x", null, 0, true))
        .hasMessageContaining("StrictHostKeyChecking 'maybe'");
  }
}
