package dev.fleetsh.shell;

import static dev.fleetsh.shell.MainTest.fleetsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three ways to run Groovy: a script file, source in a session, and = lines. */
class ScriptTest {

  @TempDir
  Path dir;

  private Path script(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void aScriptFileRunsWithArgsAndSaysItsExitStatus() throws Exception {
    Path s = script("hello.groovy", """
        def r = fleet.run('local', 'echo hi; echo err >&2; exit 3')
        r.each { println "${it.target} ${it.exit} ${it.stdout.trim()} ${it.stderr.trim()} ${it.ok}" }
        println "failed: ${r.failed*.target}"
        println "args: ${args as List}"
        return args.length
        """);
    MainTest.Run r = fleetsh("", s.toString(), "a", "b", "c");
    assertThat(r.out()).isEqualTo("local 3 hi err false\nfailed: [local]\nargs: [a, b, c]\n");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(fleetsh("", script("zero.groovy", "println 'ok'").toString()).exit()).isZero();
  }

  @Test
  void compileErrorsNameFileLineAndColumn() throws Exception {
    MainTest.Run r = fleetsh("", script("bad.groovy", "println 'a'\ndef x = (1 +\n").toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("bad.groovy:2:12: Unexpected input: '+'\n");
  }

  @Test
  void runtimeErrorsShowTheScriptsFramesOnly() throws Exception {
    MainTest.Run r = fleetsh("", script("boom.groovy", """
        def inner() { throw new IllegalStateException('no disk for you') }
        def outer() { inner() }
        outer()
        """).toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).isEqualTo("IllegalStateException: no disk for you\n\tat boom.groovy:1\n"
        + "\tat boom.groovy:2\n\tat boom.groovy:3\n");
  }

  @Test
  void twoScriptsMayDefineTheSameClassDifferently() throws Exception {
    Path a = script("a.groovy", "class Tool { String name() { 'first' } }\nprintln new Tool().name()\n");
    Path b = script("b.groovy", "class Tool { int name() { 2 } }\nprintln new Tool().name() + 40\n");
    MainTest.Run r = fleetsh("source " + a + "\nsource " + b + "\nsource " + a + "\n");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("first\n42\nfirst\n");
  }

  @Test
  void aSecretInAGStringPrintsMasked() throws Exception {
    Path secrets = dir.resolve("secrets");
    Files.writeString(secrets, "db = s3cr3t-Value\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    Path s = script("pw.groovy", "def pw = secret('db')\nprintln \"password is ${pw}\"\nprintln pw\n");
    MainTest.Run r = fleetsh("", "--secrets", secrets.toString(), s.toString());
    assertThat(r.out()).isEqualTo("password is ******\n******\n");
    assertThat(r.out() + r.err()).doesNotContain("s3cr3t-Value");
  }

  @Test
  void ctrlCStopsTheScriptAndTheCommandsItStarted() throws Exception {
    Path pid = dir.resolve("pid");
    Path s = script("slow.groovy", "fleet.run('local', \"sh -c 'echo \\$\\$ > " + pid
        + "; exec sleep 60'\")\nprintln 'should not get here'\n");
    try (Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Session session = new Session(fleet, new Console(new PrintWriter(out, true),
          new PrintWriter(err, true), false));
      var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> session.execute("source " + s));
      for (int i = 0; i < 200 && !Files.exists(pid); i++) {
        Thread.sleep(25);
      }
      Thread.sleep(200);
      assertThat(session.interrupt()).isTrue();
      assertThat(running.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
      assertThat(out.toString()).doesNotContain("should not get here");
      assertThat(err.toString()).contains("interrupted");
      long p = Long.parseLong(Files.readString(pid).strip());
      assertThat(dev.fleetsh.engine.testing.Processes.running(p)).isFalse();
    }
  }

  @Test
  void replLinesShareABindingAndTheLiveTree() throws Exception {
    try (Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
      fleet.secrets().put("token", Secret.of("tok-123456"));
      StringWriter out = new StringWriter();
      Session s = new Session(fleet, new Console(new PrintWriter(out, true),
          new PrintWriter(new StringWriter(), true), false));
      assertThat(s.execute("run local echo $PPID")).isZero();
      assertThat(s.execute("= x = 41")).isZero();
      assertThat(s.execute("= x + 1")).isZero();
      assertThat(s.execute("= hosts('local').size()")).isZero();
      assertThat(s.execute("= fleet.run('local', 'echo $PPID').ok[0].stdout.trim()")).isZero();
      assertThat(s.execute("= \"t=${secret('token')}\"")).isZero();
      assertThat(s.execute("= nosuch.method()")).isEqualTo(ExitCodes.FAILED);
      String[] lines = out.toString().split("\n");
      // The REPL's run and the Groovy line used the same persistent shell: same $PPID.
      assertThat(lines[0]).isEqualTo("local: " + lines[4]);
      assertThat(lines[1]).isEqualTo("41");
      assertThat(lines[2]).isEqualTo("42");
      assertThat(lines[3]).isEqualTo("1");
      assertThat(lines[5]).isEqualTo("t=******");
    }
  }
}
