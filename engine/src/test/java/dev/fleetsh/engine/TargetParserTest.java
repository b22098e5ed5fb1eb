package dev.fleetsh.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetParserTest {

  @Test
  void parsesHostsUsersPortsAndHops() {
    Target t = Target.parse("alice@web01:2222");
    assertThat(t.hops()).singleElement().satisfies(h -> {
      assertThat(h.kind()).isEqualTo(HopKind.SSH);
      assertThat(h.user()).isEqualTo("alice");
      assertThat(h.host()).isEqualTo("web01");
      assertThat(h.port()).isEqualTo(2222);
    });
    Target path = Target.parse("bastion/ssh:db01/sudo:postgres");
    assertThat(path.hops()).extracting(Hop::kind)
        .containsExactly(HopKind.SSH, HopKind.SSH, HopKind.SUDO);
    assertThat(path.path()).isEqualTo("bastion/ssh:db01/sudo:postgres");
    assertThat(path.parent().path()).isEqualTo("bastion/ssh:db01");
    assertThat(Target.parse("[::1]:22").last().host()).isEqualTo("::1");
    assertThat(Target.parse("local").isLocal()).isTrue();
  }

  @Test
  void errorsPointAtThePosition() {
    assertThatThrownBy(() -> Target.parse("web01/bogus:x"))
        .isInstanceOfSatisfying(TargetSyntaxException.class, e -> {
          assertThat(e.position()).isEqualTo(6);
          assertThat(e.getMessage()).contains("unknown hop kind 'bogus'");
        });
    assertThatThrownBy(() -> Target.parse("web01:99999"))
        .isInstanceOfSatisfying(TargetSyntaxException.class,
            e -> assertThat(e.position()).isEqualTo(6));
    assertThatThrownBy(() -> Target.parse("a/local"))
        .hasMessageContaining("'local' can only be the first hop");
    assertThatThrownBy(() -> Target.parse("alice@"))
        .hasMessageContaining("empty host name");
  }
}
