package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void splitsLikeAShellAndRemembersOffsets() {
    List<Words.Word> w = Words.split("run  -g 'a b' \"c\\\"d\" e\\ f");
    assertThat(w).extracting(Words.Word::text).containsExactly("run", "-g", "a b", "c\"d", "e f");
    assertThat(w).extracting(Words.Word::start).containsExactly(0, 5, 8, 14, 21);
  }

  @Test
  void anUnclosedQuoteSaysWhere() {
    assertThatThrownBy(() -> Words.split("run x 'oops")).hasMessage("unclosed single quote at position 7");
  }
}
