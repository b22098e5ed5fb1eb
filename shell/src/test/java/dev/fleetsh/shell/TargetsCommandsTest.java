package dev.fleetsh.shell;

import static dev.fleetsh.shell.MainTest.fleetsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hosts, groups, use and completion over an inventory, without connecting anywhere. */
class TargetsCommandsTest {

  @TempDir
  Path dir;

  private Path inv;

  @BeforeEach
  void inventory() throws Exception {
    inv = dir.resolve("hosts.ini");
    Files.writeString(inv, """
        bastion ansible_host=192.0.2.10 ansible_user=ops
        [web]
        web[01:04]
        web07 ansible_host=10.0.0.7 ansible_user=deploy ansible_ssh_common_args='-J bastion'
        [db]
        db[1:2]
        [prod:children]
        web
        db
        """);
  }

  @Test
  void hostsFoldsAndListsWithAddressUserAndVia() {
    MainTest.Run r = fleetsh("", "-i", inv.toString(), "-c", "hosts @web", "-c", "hosts -l web07,db1",
        "-c", "hosts @prod!@web", "-c", "hosts web0[1-4]&@web^web[03-05]");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> out = r.out().lines().toList();
    assertThat(out.get(0)).isEqualTo("web[01-04,07]");
    assertThat(out.get(1)).startsWith("TARGET");
    assertThat(out.get(2)).matches("db1\\s+db1:22\\s+\\S+\\s+-");
    assertThat(out.get(3)).matches("web07\\s+10.0.0.7:22\\s+deploy\\s+bastion");
    assertThat(out.get(4)).isEqualTo("db[1-2]");
    assertThat(out.get(5)).isEqualTo("web[01-02,05]");
  }

  @Test
  void groupsListsMemberCounts() {
    MainTest.Run r = fleetsh("", "-i", inv.toString(), "-c", "groups -v");
    assertThat(r.out()).containsPattern("@all\\s+8  bastion,db\\[1-2\\],web\\[01-04,07\\]")
        .containsPattern("@prod\\s+7").containsPattern("@web\\s+5").containsPattern("@ok\\s+0");
  }

  @Test
  void badAndEmptyExpressionsRunNothing() {
    MainTest.Run bad = fleetsh("", "-i", inv.toString(), "-c", "run web[01-03,,] true");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("bad target expression 'web[01-03,,]' at position 11: empty element in range");
    MainTest.Run none = fleetsh("", "-i", inv.toString(), "-c", "run nosuch* true");
    assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("'nosuch*' matches no targets: nothing run");
    MainTest.Run group = fleetsh("", "-i", inv.toString(), "-c", "hosts @nope");
    assertThat(group.err()).contains("no group 'nope'");
  }

  @Test
  void useSetsTheDefaultTargetsAndThePrompt() throws Exception {
    try (Fleet fleet = Fleet.open(FleetConfig.builder().inventory(inv).build())) {
      StringWriter out = new StringWriter();
      Session s = new Session(fleet, new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false));
      assertThat(s.prompt()).isEqualTo("fleetsh> ");
      assertThat(s.execute("use local")).isZero();
      assertThat(s.prompt()).isEqualTo("fleetsh local (1)> ");
      assertThat(s.execute("run echo via-use")).isZero();
      assertThat(s.execute("run . echo dot")).isZero();
      assertThat(s.execute("run local echo explicit")).isZero();
      assertThat(out.toString()).contains("local: via-use\n").contains("local: dot\n")
          .contains("local: explicit\n");
      assertThat(s.execute("use @web")).isZero();
      assertThat(s.prompt()).isEqualTo("fleetsh web[01-04,07] (5)> ");
      assertThat(s.execute("use --clear")).isZero();
      assertThat(s.execute("run . echo x")).isEqualTo(ExitCodes.USAGE);
      assertThat(s.lastFailure()).contains("no current targets: give TARGETS, or set them with 'use'");
    }
  }

  @Test
  void completesCommandsHostsGroupsAndHops() throws Exception {
    try (Fleet fleet = Fleet.open(FleetConfig.builder().inventory(inv).build())) {
      Session s = new Session(fleet, new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false));
      ShellCompleter c = new ShellCompleter(s);
      assertThat(complete(c, "ru")).contains("run");
      assertThat(complete(c, "run we")).contains("web01", "web07", "@web", "local");
      assertThat(complete(c, "run web01,@p")).contains("web01,@prod", "web01,db1");
      assertThat(complete(c, "run web01/s")).contains("web01/sudo:", "web01/su:", "web01/ssh:");
      assertThat(complete(c, "= fleet.r")).contains("fleet.run(", "fleet.put(", "hosts(", "rolling(");
      assertThat(complete(c, "=fle")).contains("=fleet.run(", "=fleet.getText(");
    }
  }

  private static List<String> complete(ShellCompleter c, String line) {
    List<Candidate> out = new ArrayList<>();
    c.complete(null, new DefaultParser().parse(line, line.length()), out);
    return out.stream().map(Candidate::value).toList();
  }
}
