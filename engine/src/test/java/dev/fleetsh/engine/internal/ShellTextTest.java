package dev.fleetsh.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShellTextTest {

  @ParameterizedTest
  @ValueSource(strings = {":", "/bin/true", "true", "uname -a", "ls -la /tmp", "echo 'a b'",
      "grep -c x /etc/passwd", "df -h /", "printf %s x", "echo a*b"})
  void plainWordsRunDirectly(String command) {
    assertThat(ShellText.isSimple(command)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"exit 3", "cd /tmp", "x=1", "FOO=bar env", "echo $HOME", "a | b",
      "a; b", "a && b", "cat < f", "echo > f", "sleep 1 &", "echo `id`", "echo \"x\"",
      "echo 'unclosed", "read x", "exec sh", "set -e", "export A=1", ". ./x", "eval x",
      "trap '' INT", "ulimit -n 1", "echo a\nb", "(echo)", "{ echo; }", "", "   "})
  void anythingElseRunsInASubshell(String command) {
    assertThat(ShellText.isSimple(command)).isFalse();
  }

  @Test
  void quotingSurvivesSingleQuotes() {
    assertThat(ShellText.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellText.quote("")).isEqualTo("''");
  }

  @Test
  void wrapRunsComplexCommandsThroughEvalInASubshell() {
    String w = ShellText.wrap("TOK:", 5, "echo a | wc -c");
    assertThat(w).startsWith("( eval 'echo a | wc -c' ) </dev/null\n")
        .contains("printf 'TOK:5:%d\\n' \"$?\"").contains("printf 'TOK:5\\n' >&2");
    assertThat(ShellText.wrap("TOK:", 6, ":")).startsWith(": </dev/null\n");
  }
}
