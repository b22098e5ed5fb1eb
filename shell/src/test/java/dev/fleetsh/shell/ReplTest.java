package dev.fleetsh.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** The REPL loop over a dumb terminal on pipes, as JLine's own tests do. */
class ReplTest {

  @Test
  void runsCommandsKeepsHistoryAndCtrlCStopsTheRunningCommand() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Path history = Path.of(System.getenv("FLEETSH_HOME")).resolve("history");
    Files.deleteIfExists(history);
    try (Terminal terminal = TerminalBuilder.builder().streams(in, screen).type("dumb")
            .system(false).build();
        Fleet fleet = Fleet.open(FleetConfig.builder().build())) {
      Console console = new Console(terminal.writer(),
          new PrintWriter(new OutputStreamWriter(errors, StandardCharsets.UTF_8), true), false);
      Session session = new Session(fleet, console);
      CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() -> Repl.loop(terminal, session, history));

      type(keys, "run local echo hello\n");
      // The summary is printed once the first run is over: only then may Ctrl-C be pressed.
      waitFor(() -> errors.toString(StandardCharsets.UTF_8).contains("1 ok, 0 failed"), 10_000);
      type(keys, "run local sleep 30\n");
      long t0 = System.nanoTime();
      waitFor(() -> session.interrupt(), 10_000);
      type(keys, "run local echo after\n");
      type(keys, "exit\n");
      int code = loop.get(30, TimeUnit.SECONDS);

      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
      String out = screen.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("local: hello").contains("local: after");
      assertThat(errors.toString(StandardCharsets.UTF_8)).contains("local: interrupted");
      assertThat(code).isEqualTo(ExitCodes.FAILED);
      assertThat(Files.readString(history)).contains("run local echo hello").contains("exit");
    }
  }

  private static void type(PipedOutputStream keys, String text) throws Exception {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** Polls until {@code action} reports success, as a user pressing Ctrl-C once a command runs. */
  private static void waitFor(java.util.function.BooleanSupplier action, long millis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!action.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("nothing happened within " + millis + "ms");
      }
      Thread.sleep(20);
    }
  }
}
