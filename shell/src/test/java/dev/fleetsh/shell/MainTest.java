package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fleetsh} command as a user runs it, without a terminal. */
class MainTest {

  /** What one run of fleetsh printed and returned. */
  record Run(int exit, String out, String err) {}

  static Run fleetsh(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theCompletionScriptInTheRepositoryIsTheOneFleetshPrints() throws Exception {
    Run r = fleetsh("", "--completion", "bash");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F _complete_fleetsh", "--secrets", "--completion");
    // completions/fleetsh.bash is this output, committed: regenerate it when options change.
    assertThat(Files.readString(Path.of("..", "completions", "fleetsh.bash"))).isEqualTo(r.out());
    // Sourced by bash, it completes the options.
    Path script = Files.createTempFile("fleetsh-completion", ".bash");
    Files.writeString(script, r.out());
    Process bash = new ProcessBuilder("bash", "-c", "source " + script
        + "; COMP_WORDS=(fleetsh --sec); COMP_CWORD=1; COMP_LINE='fleetsh --sec'; COMP_POINT=13;"
        + " _complete_fleetsh; printf '%s\\n' \"${COMPREPLY[@]}\"")
        // compopt complains outside a real completion; only the candidates matter here.
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).isZero();
    assertThat(out.strip()).isEqualTo("--secrets");
    Files.delete(script);
  }

  @Test
  void anUnknownCompletionShellIsABadArgument() {
    Run r = fleetsh("", "--completion", "tcsh");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("fleetsh: --completion tcsh: bash or zsh\n");
  }

  @Test
  void runLocalPrintsTheKernelLine() {
    Run r = fleetsh("", "-c", "run local uname -a");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("local: Linux ");
    assertThat(r.err()).contains("1 ok, 0 failed, 0 unreachable");
  }

  @Test
  void stdinModeRunsEveryLineAndSaysWhichFailed() {
    Run r = fleetsh("run local true\nrun local false\n");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("fleetsh: line 2: 'run local false' failed")
        .doesNotContain("line 1:");
  }

  @Test
  void stdinModeSharesOneLiveShellAcrossLines() {
    Run r = fleetsh("run local echo $PPID\nrun local echo $PPID\n");
    assertThat(r.exit()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).isEqualTo(lines[1]);
  }

  @Test
  void commandTextIsHandedVerbatimToTheShell() {
    Run r = fleetsh("", "-c", "run local echo \"a  b\" | tr a-z A-Z; echo 'x;y' >&2");
    assertThat(r.out()).isEqualTo("local: A  B\n");
    assertThat(r.err()).contains("local: x;y");
  }

  @Test
  void aWhollyQuotedCommandRunsAsShellCodeAsWithSsh() {
    Run r = fleetsh("", "-c", "run local 'echo a; echo b'");
    assertThat(r.out()).isEqualTo("local: a\nlocal: b\n");
  }

  @Test
  void dashCRepeatsAndTakesSeveralLines() {
    Run r = fleetsh("", "-c", "run local echo one\nrun local echo two", "-c", "run local echo three");
    assertThat(r.out()).isEqualTo("local: one\nlocal: two\nlocal: three\n");
  }

  @Test
  void exitStopsReadingCommands() {
    Run r = fleetsh("run local echo before\nexit\nrun local echo after\n");
    assertThat(r.out()).isEqualTo("local: before\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  void badInputGivesOneLineAndAUsageHint() {
    Run bogus = fleetsh("", "--bogus");
    assertThat(bogus.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bogus.err()).isEqualTo("fleetsh: Unknown option: '--bogus'\n"
        + "Try 'fleetsh --help' for more.\n");

    Run missing = fleetsh("", "-F");
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).startsWith("fleetsh: Missing required parameter for option '-F'");

    Run noFile = fleetsh("", "-F", "/nonexistent/config", "-c", "run local true");
    assertThat(noFile.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noFile.err()).isEqualTo("fleetsh: -F /nonexistent/config: no such readable file\n");
  }

  @Test
  void badCommandsAndTargetsAreUsageErrors() {
    Run unknown = fleetsh("frobnicate now\n");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("unknown command 'frobnicate': type 'help' for the list");

    Run badTarget = fleetsh("run web01/bogus:x true\n");
    assertThat(badTarget.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTarget.err()).contains("unknown hop kind 'bogus'").contains("position 7");

    Run noCommand = fleetsh("run local\n");
    assertThat(noCommand.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noCommand.err()).contains("run: no command to run (see 'help run')");

    Run quote = fleetsh("run local echo 'open\n");
    assertThat(quote.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(quote.err()).contains("unclosed single quote");
  }

  @Test
  void helpListsCommandsWithExamplesAndExitCodes() {
    Run help = fleetsh("", "-c", "help");
    assertThat(help.out()).contains("run ", "tree ", "connect ", "disconnect ", "help ", "exit ")
        .contains("e.g. run local uname -a");
    Run runHelp = fleetsh("", "-c", "help run");
    assertThat(runHelp.out()).contains("Usage: run", "--gather", "--json", "--timeout", "Examples:");
    Run cli = fleetsh("", "--help");
    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).contains("-F FILE", "-i FILE", "--secrets FILE", "-c COMMANDS",
        "Exit status:", "3  some target was unreachable");
    Run version = fleetsh("", "--version");
    assertThat(version.out()).startsWith("fleetsh ");
  }

  @Test
  void jsonGivesOneObjectPerTarget() throws Exception {
    Run r = fleetsh("", "-c", "run --json local printf 'x\\ny'; echo e >&2; exit 3");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    JsonNode j = new ObjectMapper().readTree(r.out().strip());
    assertThat(j.get("target").asText()).isEqualTo("local");
    assertThat(j.get("exit").asInt()).isEqualTo(3);
    assertThat(j.get("stdout").asText()).isEqualTo("x\ny");
    assertThat(j.get("stderr").asText()).isEqualTo("e\n");
    assertThat(j.get("duration_ms").asLong()).isNotNegative();
    assertThat(j.has("error")).isTrue();
  }

  @Test
  void gatherFoldsIdenticalOutput() {
    Run r = fleetsh("", "-c", "run -g local echo same");
    assertThat(r.out()).contains("local (1)\n").contains("\nsame\n");
  }

  @Test
  void timeoutStopsTheCommand() {
    Run r = fleetsh("", "-c", "run --timeout 0.3 local sleep 20");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("local: timed out after 300ms");
  }

  @Test
  void aSecretsFileOthersCanReadIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("secrets");
    Files.writeString(f, "alice = s3cret-value-42\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    Run r = fleetsh("", "--secrets", f.toString(), "-c", "run local true");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("readable by others").doesNotContain("s3cret-value-42");

    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    Run ok = fleetsh("", "--secrets", f.toString(), "-c", "run local echo s3cret-value-42");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).isEqualTo("local: ******\n");

    // Errors that echo the user's input mask it too.
    Run bad = fleetsh("", "--secrets", f.toString(), "-c", "hosts s3cret-value-42[", "-c",
        "frobnicate s3cret-value-42", "-c", "= 's3cret-value-42'.foo()");
    assertThat(bad.err()).contains("bad target expression '******['").contains("unknown command")
        .doesNotContain("s3cret-value-42");
    assertThat(bad.out()).doesNotContain("s3cret-value-42");
  }

  @Test
  void treeShowsTheLocalNode() {
    Run r = fleetsh("run local true\ntree\n");
    assertThat(r.out()).contains("TARGET").containsPattern("local\\s+ready\\s+localhost");
  }
}
