package dev.fleetsh.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

  @Test
  void everyPrintedFormIsMasked() throws Exception {
    Secret s = Secret.of("hunter2-value");
    assertThat(s.toString()).isEqualTo(Secret.MASK);
    assertThat(new ObjectMapper().writeValueAsString(Map.of("pw", s)))
        .isEqualTo("{\"pw\":\"******\"}");
    assertThat(new String(s.reveal())).isEqualTo("hunter2-value");
  }

  @Test
  void loadsAPrivateFileAndLooksUpUserAtHostThenUser(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("secrets");
    Files.writeString(f, "# lab\nalice = pw-one\nalice@web01 = pw-two\n\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    SecretStore store = new SecretStore();
    try {
      store.load(f);
      assertThat(new String(store.password("alice", "web01").reveal())).isEqualTo("pw-two");
      assertThat(new String(store.password("alice", "web02").reveal())).isEqualTo("pw-one");
      assertThat(store.password("bob", "web01")).isNull();
      assertThat(store.names()).containsExactly("alice", "alice@web01");
      assertThat(SecretStore.maskAll("login pw-one and pw-two"))
          .isEqualTo("login ****** and ******");
    } finally {
      store.close();
    }
    assertThat(SecretStore.maskAll("pw-one")).isEqualTo("pw-one");
  }

  @Test
  void refusesAFileOthersCanRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("secrets");
    Files.writeString(f, "alice = very-secret-value\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new SecretStore().load(f))
        .hasMessageContaining("readable by others")
        .hasMessageNotContaining("very-secret-value");
  }

  @Test
  void aMalformedLineNamesTheLineNotTheValue(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("secrets");
    Files.writeString(f, "good = x\nnot-a-pair-but-secret-text\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> new SecretStore().load(f))
        .hasMessageContaining("line 2")
        .hasMessageNotContaining("secret-text");
  }
}
