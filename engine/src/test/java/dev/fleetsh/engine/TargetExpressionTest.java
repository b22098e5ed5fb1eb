package dev.fleetsh.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetExpressionTest {

  private static final Map<String, Set<String>> GROUPS = Map.of(
      "web", Set.of("web01", "web02", "web03"),
      "db", Set.of("db1", "db2"),
      "all", Set.of("web01", "web02", "web03", "db1", "db2", "bastion"));

  private static final TargetExpression.Scope SCOPE = new TargetExpression.Scope() {
    @Override
    public Set<String> group(String name) {
      return GROUPS.get(name);
    }

    @Override
    public Collection<String> knownHosts() {
      return GROUPS.get("all");
    }
  };

  private static List<String> eval(String expr) {
    return TargetExpression.evaluate(expr, SCOPE).stream().map(Target::path).toList();
  }

  @Test
  void everyOperatorLeftToRight() {
    assertThat(eval("a[1-3],b1")).containsExactly("a1", "a2", "a3", "b1");
    assertThat(eval("a[1-5]!a[2-3]")).containsExactly("a1", "a4", "a5");
    assertThat(eval("a[1-5]&a[4-9]")).containsExactly("a4", "a5");
    assertThat(eval("a[1-4]^a[3-6]")).containsExactly("a1", "a2", "a5", "a6");
    // Left to right, no precedence: (a1..3 ∪ b1) ∩ a2..9, and (a1..5 \\ a2..3) ∪ a9.
    assertThat(eval("a[1-3],b1&a[2-9]")).containsExactly("a2", "a3");
    assertThat(eval("a[1-5]!a[2-3],a9")).containsExactly("a1", "a4", "a5", "a9");
    assertThat(eval("a1,a1,a1")).containsExactly("a1");
  }

  @Test
  void groupsGlobsAndHopsPerMember() {
    assertThat(eval("@web")).containsExactly("web01", "web02", "web03");
    assertThat(eval("@all!@web")).containsExactly("bastion", "db1", "db2");
    assertThat(eval("@web&web0[2-9]")).containsExactly("web02", "web03");
    assertThat(eval("web*")).containsExactly("web01", "web02", "web03");
    assertThat(eval("d?1,alice@web0*:2222")).containsExactly("alice@web01:2222",
        "alice@web02:2222", "alice@web03:2222", "db1");
    assertThat(eval("@db/sudo:postgres")).containsExactly("db1/sudo:postgres", "db2/sudo:postgres");
    assertThat(eval("web01/su:user[01-03]"))
        .containsExactly("web01/su:user01", "web01/su:user02", "web01/su:user03");
    assertThat(eval("bastion/ssh:db[1-2]/sudo:root"))
        .containsExactly("bastion/ssh:db1/sudo:root", "bastion/ssh:db2/sudo:root");
    assertThat(eval("nothing*")).isEmpty();
    assertThat(eval("local,[::1]:22")).containsExactly("[::1]:22", "local");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "web01,,web02|6|',' needs a target after it",
      "web01,|5|',' needs a target after it",
      ",web01|0|expected a target",
      "@nope,web01|0|no group 'nope'",
      "web01,@|6|'@' needs a group name",
      "web[01-03],x[9-1]|13|runs backwards",
      "web01/bogus:x|6|unknown hop kind 'bogus'",
      "a,b/c|4|a hop after the first needs a kind"})
  void errorsSayWhereAndWhy(String expr, int position, String reason) {
    assertThatThrownBy(() -> eval(expr)).isInstanceOfSatisfying(TargetSyntaxException.class, e -> {
      assertThat(e.reason()).contains(reason);
      assertThat(e.position()).isEqualTo(position);
      assertThat(e.pointer()).contains("^");
    });
  }

  @Test
  void tenThousandHostsExpand() {
    List<Target> t = TargetExpression.evaluate("node[00001-10000]!node[00001-00010]", SCOPE);
    assertThat(t).hasSize(9990);
    assertThat(t.get(0).path()).isEqualTo("node00011");
    assertThat(NodeSet.fold(t.stream().map(Target::path).toList())).isEqualTo("node[00011-10000]");
  }
}
