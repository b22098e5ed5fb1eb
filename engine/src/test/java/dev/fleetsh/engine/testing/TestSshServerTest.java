package dev.fleetsh.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.junit.jupiter.api.Test;

/** The fixture itself: key auth, a real process behind exec, session counting. */
class TestSshServerTest {

  @Test
  void runsRealCommandsForAuthorizedKeys() throws Exception {
    KeyPair user = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    try (TestSshServer server = new TestSshServer().authorize(user.getPublic());
        SshClient client = SshClient.setUpDefaultClient()) {
      client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
      client.start();
      try (ClientSession s = client.connect("tester", "127.0.0.1", server.port())
          .verify(Duration.ofSeconds(10)).getSession()) {
        s.addPublicKeyIdentity(user);
        s.auth().verify(Duration.ofSeconds(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ClientChannel ch = s.createExecChannel("echo hello; echo $((6*7))")) {
          ch.setOut(out);
          ch.open().verify(Duration.ofSeconds(10));
          ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
          assertThat(ch.getExitStatus()).isZero();
        }
        assertThat(out.toString()).isEqualTo("hello\n42\n");
        assertThat(server.sessionsOpen()).isEqualTo(1);
      }
      assertThat(server.sessionsOpened()).isEqualTo(1);
    }
  }
}
