package dev.fleetsh.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts {@code /bin/sh} (or a given command line) as a child process of the controller. */
public final class LocalShellLauncher implements ShellLauncher {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private final List<String> command;

  public LocalShellLauncher(List<String> command) {
    this.command = List.copyOf(command);
  }

  public LocalShellLauncher() {
    this(List.of("/bin/sh"));
  }

  @Override
  public CompletableFuture<ShellPipe> launch(ShellSink sink) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    AtomicInteger open = new AtomicInteger(2);
    pump(process.getInputStream(), sink, true, open);
    pump(process.getErrorStream(), sink, false, open);
    OutputStream stdin = process.getOutputStream();
    return CompletableFuture.completedFuture(new ShellPipe() {
      @Override
      public void write(byte[] text) throws IOException {
        synchronized (stdin) {
          stdin.write(text);
          stdin.flush();
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
