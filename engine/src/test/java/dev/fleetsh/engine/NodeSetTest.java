package dev.fleetsh.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSetTest {

  @Test
  void expandsRangesWithPaddingListsStepsAndDimensions() {
    assertThat(NodeSet.expand("web[01-03]")).containsExactly("web01", "web02", "web03");
    assertThat(NodeSet.expand("web[08-10]")).containsExactly("web08", "web09", "web10");
    assertThat(NodeSet.expand("node[1-9/2,15]"))
        .containsExactly("node1", "node3", "node5", "node7", "node9", "node15");
    assertThat(NodeSet.expand("rack[1-2]node[01-02]"))
        .containsExactly("rack1node01", "rack1node02", "rack2node01", "rack2node02");
    assertThat(NodeSet.expand("plain")).containsExactly("plain");
    assertThat(NodeSet.expand("[2001:db8::1]:22")).containsExactly("[2001:db8::1]:22");
    assertThat(NodeSet.expand("n[7]")).containsExactly("n7");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "web[|3|unclosed '['",
      "web]|3|']' without '['",
      "web[]|3|empty range '[]'",
      "web[5-1]|4|runs backwards",
      "web[a-b]|4|expected a number, not 'a'",
      "web[1,,2]|6|empty element in range",
      "web[1-9/0]|8|a step is at least 1",
      "web[1[2]]|5|'[' inside a range",
      "x[3/2]|2|a step needs a range"})
  void errorsPointAtTheFault(String pattern, int position, String reason) {
    assertThatThrownBy(() -> NodeSet.expand(pattern))
        .isInstanceOfSatisfying(TargetSyntaxException.class, e -> {
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.reason()).contains(reason);
        });
  }

  @Test
  void foldsLikeClusterShell() {
    assertThat(NodeSet.fold(List.of("web01", "web02", "web03", "web07"))).isEqualTo("web[01-03,07]");
    assertThat(NodeSet.fold(NodeSet.expand("web[01-10]"))).isEqualTo("web[01-10]");
    assertThat(NodeSet.fold(NodeSet.expand("rack[1-2]node[01-04]"))).isEqualTo("rack[1-2]node[01-04]");
    assertThat(NodeSet.fold(List.of("node1", "node01", "db", "web5"))).isEqualTo("db,node1,node01,web5");
    assertThat(NodeSet.fold(List.of("n9", "n10", "n11"))).isEqualTo("n[9-11]");
    assertThat(NodeSet.fold(List.of("a1b1", "a1b2", "a2b1"))).isEqualTo("a1b[1-2],a2b1");
    assertThat(NodeSet.fold(List.of("h1/sudo:root", "h2/sudo:root"))).isEqualTo("h[1-2]/sudo:root");
    assertThat(NodeSet.fold(List.of())).isEmpty();
  }

  @Test
  void foldAndExpandRoundTrip() {
    Random rnd = new Random(11);
    for (int round = 0; round < 300; round++) {
      Set<String> names = new TreeSet<>();
      int count = 1 + rnd.nextInt(40);
      for (int i = 0; i < count; i++) {
        String name = switch (rnd.nextInt(4)) {
          case 0 -> String.format("web%02d", rnd.nextInt(30));
          case 1 -> "node" + rnd.nextInt(200);
          case 2 -> String.format("rack%dn%03d", 1 + rnd.nextInt(3), rnd.nextInt(12));
          default -> "db-" + (char) ('a' + rnd.nextInt(4));
        };
        names.add(name);
      }
      String folded = NodeSet.fold(names);
      List<String> back = new ArrayList<>();
      for (String part : splitTop(folded)) {
        back.addAll(NodeSet.expand(part));
      }
      assertThat(new TreeSet<>(back)).as(folded).isEqualTo(names);
      assertThat(back).as("no name twice in " + folded).doesNotHaveDuplicates();
    }
  }

  /** Splits a folded list on the commas between patterns, not those inside brackets. */
  private static List<String> splitTop(String folded) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= folded.length(); i++) {
      char c = i < folded.length() ? folded.charAt(i) : ',';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        if (i > start) {
          out.add(folded.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  @Test
  void naturalOrderPutsNumbersInNumericOrder() {
    List<String> l = new ArrayList<>(List.of("web10", "web2", "web1", "db", "web02"));
    l.sort(NodeSet.NATURAL);
    assertThat(l).containsExactly("db", "web1", "web2", "web02", "web10");
  }
}
