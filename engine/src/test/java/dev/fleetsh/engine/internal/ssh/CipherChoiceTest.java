package dev.fleetsh.engine.internal.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

class CipherChoiceTest {

  @Test
  void theDefaultOfferIsMinasReorderedNeverNarrowed() {
    List<String> ours = NamedResource.getNameList(CipherChoice.defaults());
    List<String> mina = NamedResource.getNameList(ClientBuilder.setUpDefaultCiphers(true));
    assertThat(ours).containsExactlyInAnyOrderElementsOf(mina);
    if (CipherChoice.hasAesInstructions()) {
      assertThat(ours.subList(0, 2)).containsExactly(
          BuiltinCiphers.aes128gcm.getName(), BuiltinCiphers.aes256gcm.getName());
    } else {
      assertThat(ours).isEqualTo(mina);
    }
  }

  @Test
  void aHostsCiphersOptionKeepsItsOrderAndSkipsUnknownNames() {
    assertThat(NamedResource.getNameList(CipherChoice.named(
        List.of("aes256-ctr", "no-such-cipher", "chacha20-poly1305@openssh.com"))))
        .containsExactly("aes256-ctr", "chacha20-poly1305@openssh.com");
  }

  @Test
  void ciphersAndMacsComeFromTheJdkNotBouncyCastle() throws Exception {
    CipherChoice.useJdkCiphers();
    assertThat(SecurityUtils.isBouncyCastleRegistered()).isTrue();
    assertThat(SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName())
        .isEqualTo("SunJCE");
    assertThat(SecurityUtils.getMac("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
  }
}
