package dev.fleetsh.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Starts a shell as a child process of the controller: {@code /bin/sh -c COMMAND}, where the
 * command (built from the announcing shell) may first change account with sudo, su or doas.
 */
public final class LocalShellLauncher implements ShellLauncher {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private final Function<String, String> command;

  /** @param command from the announcing token to the shell text to run */
  public LocalShellLauncher(Function<String, String> command) {
    this.command = command;
  }

  public LocalShellLauncher() {
    this(ShellText::announcingShell);
  }

  @Override
  public CompletableFuture<ShellPipe> launch(ShellSink sink, String token) {
    Process process;
    try {
      process = new ProcessBuilder(List.of("/bin/sh", "-c", "exec " + command.apply(token))).start();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    AtomicInteger open = new AtomicInteger(2);
    pump(process.getInputStream(), sink, true, open);
    pump(process.getErrorStream(), sink, false, open);
    OutputStream stdin = process.getOutputStream();
    return CompletableFuture.completedFuture(new ShellPipe() {
      @Override
      public CompletableFuture<Void> write(byte[] bytes, int off, int len) throws IOException {
        synchronized (stdin) {
          stdin.write(bytes, off, len);
          stdin.flush();
        }
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Void> endInput() {
        try {
          synchronized (stdin) {
            stdin.close();
          }
          return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      @Override
      public void close() {
        try {
          stdin.close();
        } catch (IOException ignored) {
          // The process is going away either way.
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    });
  }

  private static void pump(InputStream in, ShellSink sink, boolean stdout, AtomicInteger open) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      Throwable failure = null;
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (stdout) {
            sink.stdout(buf, 0, n);
          } else {
            sink.stderr(buf, 0, n);
          }
        }
      } catch (IOException e) {
        failure = e;
      }
      if (open.decrementAndGet() == 0 || failure != null) {
        sink.closed(null);
      }
    }, "fleetsh-local-" + (stdout ? "out-" : "err-") + THREADS.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }
}
