package dev.fleetsh.shell.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCommandTest {

  @Test
  void aWhollyQuotedCommandIsUnquotedOnceAndAnythingElseStaysVerbatim() {
    assertThat(RunCommand.unquoteWhole("'a; b'")).isEqualTo("a; b");
    assertThat(RunCommand.unquoteWhole("\"echo \\\"x\\\" $HOME\"")).isEqualTo("echo \"x\" $HOME");
    assertThat(RunCommand.unquoteWhole("'a' | wc")).isEqualTo("'a' | wc");
    assertThat(RunCommand.unquoteWhole("'x' 'y'")).isEqualTo("'x' 'y'");
    assertThat(RunCommand.unquoteWhole("echo 'a  b'")).isEqualTo("echo 'a  b'");
    assertThat(RunCommand.unquoteWhole("'")).isEqualTo("'");
  }
}
