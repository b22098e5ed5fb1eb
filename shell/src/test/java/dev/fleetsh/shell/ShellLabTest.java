package dev.fleetsh.shell;

import static dev.fleetsh.shell.MainTest.fleetsh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleetsh command over the lab's real hosts, as an operator would use it. */
@LabTest
class ShellLabTest {

  @Test
  void runsAcrossHostsAndReportsTheUnreachableWithExitStatusThree(Lab lab) {
    MainTest.Run r = fleetsh("", "-F", lab.sshConfig().toString(), "-c",
        "run h1,b1,198.18.0.250 'echo \"$(id -un) on $(hostname -I | cut -d\" \" -f1)\"'");
    assertThat(r.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.out().lines().sorted().toList()).containsExactly(
        "b1: fleet on " + lab.address("b1"), "h1: fleet on " + lab.address("h1"));
    assertThat(r.err()).contains("198.18.0.250: unreachable: no route to host (198.18.0.250:22)")
        .contains("2 ok, 0 failed, 1 unreachable");
  }

  @Test
  void jsonGivesOneObjectPerTargetPerLine(Lab lab) throws Exception {
    MainTest.Run r = fleetsh("", "-F", lab.sshConfig().toString(), "-c",
        "run --json h2,b2,198.18.0.250 'echo out; echo err >&2; exit 3'");
    List<JsonNode> objs = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      objs.add(new ObjectMapper().readTree(line));
    }
    assertThat(objs).hasSize(3);
    assertThat(objs).filteredOn(j -> j.get("target").asText().equals("b2")).singleElement()
        .satisfies(j -> {
          assertThat(j.get("exit").asInt()).isEqualTo(3);
          assertThat(j.get("stdout").asText()).isEqualTo("out\n");
          assertThat(j.get("stderr").asText()).isEqualTo("err\n");
          assertThat(j.get("error").isNull()).isTrue();
        });
    assertThat(objs).filteredOn(j -> j.get("target").asText().equals("198.18.0.250"))
        .singleElement().satisfies(j -> {
          assertThat(j.get("exit").isNull()).isTrue();
          assertThat(j.get("error").asText()).startsWith("no route to host");
        });
  }

  @Test
  void gatherFoldsIdenticalOutputOfManyHosts(Lab lab) {
    MainTest.Run r = fleetsh("", "-F", lab.sshConfig().toString(), "-c",
        "run -g h1,h2,h3,b3 'echo same; [ $(hostname -I | cut -d\" \" -f1) = " + lab.address("b3")
            + " ] && echo different; true'");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("h[1-3] (3)\n").contains("b3 (1)\n").contains("same\ndifferent\n");
  }

  @Test
  void putAndGetFromTheCommandLine(Lab lab, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path remote = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "fleetsh-cli-");
    java.nio.file.Files.setPosixFilePermissions(remote,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    java.nio.file.Path src = dir.resolve("app.conf");
    java.nio.file.Files.writeString(src, "key = value\n");
    MainTest.Run r = fleetsh("", "-F", lab.sshConfig().toString(), "-c",
        "put -m 640 " + src + " h1,b1,198.18.0.250 " + remote + "/app-%h.conf",
        "-c", "get h1,b1 " + remote + "/app-h1.conf " + dir.resolve("got"),
        "-c", "put " + dir.resolve("missing") + " h1 " + remote,
        "-c", "put -m 999 " + src + " h1 " + remote);
    assertThat(r.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.out()).contains("h1: ok").contains("b1: ok");
    assertThat(r.err()).contains("198.18.0.250: unreachable: no route to host")
        .contains("2 ok, 0 failed, 1 unreachable")
        .contains("put: no such local file: " + dir.resolve("missing"))
        .contains("put: a mode is 3 or 4 octal digits, such as 644, not '999'");
    assertThat(java.nio.file.Files.readString(remote.resolve("app-b1.conf"))).isEqualTo("key = value\n");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(remote.resolve("app-h1.conf")))).isEqualTo("rw-r-----");
    assertThat(java.nio.file.Files.readString(dir.resolve("got/b1/app-h1.conf"))).isEqualTo("key = value\n");
    assertThat(java.nio.file.Files.readString(dir.resolve("got/h1/app-h1.conf"))).isEqualTo("key = value\n");
  }

  @Test
  void treeConnectDisconnectAndFanout(Lab lab) {
    MainTest.Run r = fleetsh(String.join("\n",
        "set fanout 2",
        "set",
        "connect h1,h2,b1",
        "tree",
        "disconnect h1",
        "tree",
        "run h1,h2,h3,b1,b2,b3 true",
        "tree") + "\n", "-F", lab.sshConfig().toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("fanout 2").contains("h1: connected").contains("b1: connected")
        .contains("h1: disconnected");
    String[] trees = r.out().split("TARGET");
    assertThat(trees).hasSize(4);
    assertThat(trees[1]).containsPattern("\nb1\\s+ready\\s+198.19.0.11:22\\s+jump\\s")
        .containsPattern("\njump\\s+ready\\s+198.18.0.10:22");
    assertThat(trees[2]).containsPattern("\nh1\\s+closed");
    assertThat(trees[3]).containsPattern("\nh1\\s+ready").containsPattern("\nb3\\s+ready");
  }
}
