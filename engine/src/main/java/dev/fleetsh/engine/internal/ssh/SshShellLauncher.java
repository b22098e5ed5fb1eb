package dev.fleetsh.engine.internal.ssh;

import dev.fleetsh.engine.internal.ShellLauncher;
import dev.fleetsh.engine.internal.ShellPipe;
import dev.fleetsh.engine.internal.ShellSink;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;

/**
 * Starts a persistent shell as an exec channel on a host's one SSH session, with MINA's
 * asynchronous streams: output is pushed from MINA's I/O threads into the sink and input is
 * queued without blocking, so no thread waits on a pipe (the measured difference between
 * 0.7 ms and 0.23 ms for a warm builtin).
 */
public final class SshShellLauncher implements ShellLauncher {

  private final Supplier<CompletableFuture<ClientSession>> session;
  private final Function<String, String> command;

  /**
   * @param session the host's session, (re)connected on demand
   * @param command from the announcing token to what the channel runs (the login shell runs
   *     it with {@code exec} in front)
   */
  public SshShellLauncher(Supplier<CompletableFuture<ClientSession>> session,
      Function<String, String> command) {
    this.session = session;
    this.command = command;
  }

  @Override
  public CompletableFuture<ShellPipe> launch(ShellSink sink, String token) {
    return session.get().thenCompose(s -> open(s, sink, "exec " + command.apply(token)));
  }

  private CompletableFuture<ShellPipe> open(ClientSession s, ShellSink sink, String command) {
    CompletableFuture<ShellPipe> result = new CompletableFuture<>();
    ChannelExec ch;
    try {
      ch = s.createExecChannel(command);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ch.setStreaming(StreamingChannel.Streaming.Async);
    try {
      ch.open().addListener(of -> {
        if (!of.isOpened()) {
          Throwable why = of.getException();
          result.completeExceptionally(why != null ? why : new IOException("channel refused"));
          return;
        }
        AtomicInteger open = new AtomicInteger(2);
        Runnable ended = () -> {
          if (open.decrementAndGet() == 0) {
            sink.closed(s.isOpen() ? null
                : new EOFException("connection to " + s.getConnectAddress() + " lost"));
          }
        };
        AsyncStreams.readAll(ch.getAsyncOut(),
            b -> sink.stdout(b.array(), b.rpos(), b.available()), e -> ended.run());
        AsyncStreams.readAll(ch.getAsyncErr(),
            b -> sink.stderr(b.array(), b.rpos(), b.available()), e -> ended.run());
        AsyncStreams.SerialWriter stdin = new AsyncStreams.SerialWriter(ch.getAsyncIn());
        result.complete(new ShellPipe() {
          @Override
          public CompletableFuture<Void> write(byte[] bytes, int off, int len) {
            return stdin.write(bytes, off, len).whenComplete((v, e) -> {
              if (e != null) {
                ch.close(true);
              }
            });
          }

          @Override
          public CompletableFuture<Void> endInput() {
            return stdin.end();
          }

          @Override
          public void close() {
            ch.close(true);
          }
        });
      });
    } catch (IOException e) {
      result.completeExceptionally(e);
    }
    return result;
  }
}
