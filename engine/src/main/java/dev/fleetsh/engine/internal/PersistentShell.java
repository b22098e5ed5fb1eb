package dev.fleetsh.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived {@code /bin/sh} driven by markers, as ARCHITECTURE.md describes: a command is
 * written as shell text, its output streams back byte for byte, and an unguessable end marker
 * on each stream carries the exit status. One command runs at a time.
 */
public final class PersistentShell {

  private static final Logger log = LoggerFactory.getLogger(PersistentShell.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_EARLY_STDERR = 4096;

  private final String name;
  private final String token;
  private final MarkerScanner outScanner;
  private final MarkerScanner errScanner;
  private final CompletableFuture<PersistentShell> ready = new CompletableFuture<>();
  private final ByteArrayOutputStream earlyStderr = new ByteArrayOutputStream();
  private final StringBuilder earlyText = new StringBuilder();
  private final Handshake handshake;
  private final java.util.List<byte[]> unsentReplies = new java.util.ArrayList<>();

  private volatile ShellPipe pipe;
  private volatile boolean alive = true;
  private volatile int pid = -1;
  private long seq;
  private Pending pending;
  /** Set once the shell has exec'd into a raw script: all output goes here. */
  private volatile CommandOutput raw;
  private final CompletableFuture<Void> rawDone = new CompletableFuture<>();

  private PersistentShell(String name, Handshake handshake) {
    this.name = name;
    this.handshake = handshake;
    byte[] raw = new byte[16];
    RANDOM.nextBytes(raw);
    // Letters and digits only: the token sits inside printf formats and single quotes.
    this.token = "FLSH" + HexFormat.of().formatHex(raw) + ":";
    this.outScanner = new MarkerScanner(token, new MarkerScanner.Handler() {
      @Override
      public void data(byte[] buf, int off, int len) {
        onStdoutData(buf, off, len);
      }

      @Override
      public void marker(String trailer) {
        onStdoutMarker(trailer);
      }
    });
    this.errScanner = new MarkerScanner(token, new MarkerScanner.Handler() {
      @Override
      public void data(byte[] buf, int off, int len) {
        onStderrData(buf, off, len);
      }

      @Override
      public void marker(String trailer) {
        onStderrMarker(trailer);
      }
    });
  }

  /**
   * Launches a shell and completes when it has announced itself. What it prints before that
   * goes to {@code handshake}, which may answer a password prompt. Fails with the handshake's
   * exception, or with {@link ShellGoneException} carrying the shell's last words on stderr
   * if it ends first.
   */
  public static CompletableFuture<PersistentShell> start(String name, ShellLauncher launcher,
      Handshake handshake) {
    PersistentShell shell = new PersistentShell(name, handshake);
    launcher.launch(shell.sink(), shell.token).whenComplete((p, err) -> {
      if (err != null) {
        shell.alive = false;
        shell.ready.completeExceptionally(err);
        return;
      }
      java.util.List<byte[]> queued;
      synchronized (shell) {
        shell.pipe = p;
        queued = new java.util.ArrayList<>(shell.unsentReplies);
        shell.unsentReplies.clear();
      }
      for (byte[] b : queued) {
        shell.send(b);
      }
      if (!shell.alive) {
        p.close();
      }
    });
    return shell.ready;
  }

  public static CompletableFuture<PersistentShell> start(String name, ShellLauncher launcher) {
    return start(name, launcher, Handshake.NONE);
  }

  private void send(byte[] bytes) {
    ShellPipe p;
    synchronized (this) {
      p = pipe;
      if (p == null) {
        unsentReplies.add(bytes);
        return;
      }
    }
    try {
      p.write(bytes);
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Output before the shell announced itself: the handshake sees it, in arrival order. */
  private void early(byte[] buf, int off, int len, boolean stderr) {
    String failure = null;
    IOException refused = null;
    synchronized (this) {
      if (ready.isDone()) {
        return;
      }
      if (stderr && earlyStderr.size() < MAX_EARLY_STDERR) {
        earlyStderr.write(buf, off, Math.min(len, MAX_EARLY_STDERR - earlyStderr.size()));
      }
      earlyText.append(new String(buf, off, len, StandardCharsets.UTF_8));
      if (earlyText.length() > MAX_EARLY_STDERR) {
        earlyText.delete(0, earlyText.length() - MAX_EARLY_STDERR);
      }
      try {
        int used = handshake.early(earlyText.toString(), this::send);
        earlyText.delete(0, Math.min(used, earlyText.length()));
      } catch (IOException e) {
        refused = e;
      } catch (RuntimeException e) {
        failure = e.toString();
      }
    }
    if (refused != null) {
      ready.completeExceptionally(refused);
      fail(refused);
    } else if (failure != null) {
      fail(new IOException(failure));
    }
  }

  public String name() {
    return name;
  }

  /** The shell's process id on its host, as {@code $$} reported it. */
  public int pid() {
    return pid;
  }

  public boolean isAlive() {
    return alive;
  }

  /**
   * Runs {@code command} and completes with its exit status once both streams are drained.
   * Completes exceptionally with {@link ShellGoneException} if the shell ends first.
   */
  public CompletableFuture<Integer> exec(String command, CommandOutput output) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    byte[] text;
    synchronized (this) {
      if (!alive) {
        done.completeExceptionally(new ShellGoneException("the shell has ended", null));
        return done;
      }
      if (pending != null) {
        throw new IllegalStateException("shell " + name + " is busy");
      }
      long n = ++seq;
      pending = new Pending(n, output, done);
      text = ShellText.wrap(token, n, command).getBytes(StandardCharsets.UTF_8);
    }
    try {
      pipe.write(text);
    } catch (IOException e) {
      fail(e);
    }
    return done;
  }

  /**
   * Replaces the shell with {@code script} ({@code exec /bin/sh -c script}): from then on the
   * script's stdout and stderr go to {@code output} unparsed, and {@link #writeRaw} feeds its
   * stdin. The future completes when the channel or process ends. The shell is not usable for
   * commands afterwards. This is the data path of large transfers: the script must say it is
   * ready on stdout before any data is written, as a shell may read its input ahead.
   */
  public CompletableFuture<Void> become(String script, CommandOutput output) {
    synchronized (this) {
      if (!alive || pending != null) {
        return CompletableFuture.failedFuture(new ShellGoneException("the shell is not idle", null));
      }
      raw = output;
    }
    send(("exec /bin/sh -c " + ShellText.quote(script) + "\n").getBytes(StandardCharsets.UTF_8));
    return rawDone;
  }

  /**
   * Writes {@code len} bytes of {@code bytes} from {@code off} to a script started by
   * {@link #become}; the bytes are not copied and must stay unchanged until the future completes.
   */
  public CompletableFuture<Void> writeRaw(byte[] bytes, int off, int len) {
    ShellPipe p = pipe;
    try {
      return p.write(bytes, off, len);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Ends the input of a script started by {@link #become} after the data written before: the
   * script reads end-of-file, and its output still arrives.
   */
  public CompletableFuture<Void> endRaw() {
    return pipe.endInput();
  }

  /** Closes the shell; a running command fails with {@link ShellGoneException}. */
  public void close() {
    ShellPipe p = pipe;
    if (p != null) {
      p.close();
    }
    fail(null);
  }

  private ShellSink sink() {
    return new ShellSink() {
      @Override
      public void stdout(byte[] buf, int off, int len) {
        outScanner.feed(buf, off, len);
      }

      @Override
      public void stderr(byte[] buf, int off, int len) {
        errScanner.feed(buf, off, len);
      }

      @Override
      public void closed(Throwable cause) {
        outScanner.finish();
        errScanner.finish();
        fail(cause);
      }
    };
  }

  private void onStdoutData(byte[] buf, int off, int len) {
    CommandOutput r = raw;
    if (r != null) {
      r.stdout(buf, off, len);
      return;
    }
    Pending p;
    synchronized (this) {
      p = pending;
    }
    if (!ready.isDone()) {
      early(buf, off, len, false);
    } else if (p != null && !p.stdoutDone) {
      p.output.stdout(buf, off, len);
    } else if (log.isTraceEnabled()) {
      log.trace("{}: {} bytes of stdout outside a command", name, len);
    }
  }

  private void onStderrData(byte[] buf, int off, int len) {
    CommandOutput r = raw;
    if (r != null) {
      r.stderr(buf, off, len);
      return;
    }
    if (!ready.isDone()) {
      early(buf, off, len, true);
      return;
    }
    Pending p;
    synchronized (this) {
      p = pending;
    }
    if (p != null && !p.stderrDone) {
      p.output.stderr(buf, off, len);
    }
  }

  private void onStdoutMarker(String trailer) {
    if (trailer.startsWith("ready:")) {
      pid = parseInt(trailer.substring(6), -1);
      ready.complete(this);
      return;
    }
    int colon = trailer.indexOf(':');
    if (colon < 0) {
      return;
    }
    Pending p;
    synchronized (this) {
      p = pending;
      if (p == null || p.seq != parseLong(trailer.substring(0, colon))) {
        return;
      }
      p.status = parseInt(trailer.substring(colon + 1), 255);
      p.stdoutDone = true;
      if (!p.stderrDone) {
        return;
      }
      pending = null;
    }
    p.done.complete(p.status);
  }

  private void onStderrMarker(String trailer) {
    Pending p;
    synchronized (this) {
      p = pending;
      if (p == null || p.seq != parseLong(trailer)) {
        return;
      }
      p.stderrDone = true;
      if (!p.stdoutDone) {
        return;
      }
      pending = null;
    }
    p.done.complete(p.status);
  }

  private void fail(Throwable cause) {
    if (raw != null) {
      if (cause == null) {
        rawDone.complete(null);
      } else {
        rawDone.completeExceptionally(cause);
      }
    }
    Pending p;
    String early;
    synchronized (this) {
      if (!alive && pending == null && ready.isDone()) {
        return;
      }
      alive = false;
      p = pending;
      pending = null;
      early = earlyStderr.toString(StandardCharsets.UTF_8).strip();
    }
    if (!ready.isDone()) {
      IOException explained = handshake.ended(early);
      if (explained != null) {
        ready.completeExceptionally(explained);
      } else {
        String why = !early.isEmpty() ? early
            : cause != null ? String.valueOf(cause.getMessage()) : "the shell ended before it was ready";
        ready.completeExceptionally(new ShellGoneException(lastLine(why), cause));
      }
    }
    if (p != null) {
      String why = cause == null ? "the shell ended during the command"
          : "the connection was lost during the command: " + cause.getMessage();
      p.done.completeExceptionally(new ShellGoneException(why, cause));
    }
    ShellPipe pp = pipe;
    if (pp != null) {
      pp.close();
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    return lines[lines.length - 1].strip();
  }

  private static int parseInt(String s, int dflt) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static final class Pending {
    final long seq;
    final CommandOutput output;
    final CompletableFuture<Integer> done;
    boolean stdoutDone;
    boolean stderrDone;
    int status;

    Pending(long seq, CommandOutput output, CompletableFuture<Integer> done) {
      this.seq = seq;
      this.output = output;
      this.done = done;
    }
  }
}
