package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.CommandOutput;
import dev.fleetsh.engine.internal.PersistentShell;
import dev.fleetsh.engine.internal.TransferScripts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Moves files between the controller and contexts, as ARCHITECTURE.md ("Files") describes.
 * Small files travel inside one command of the context's persistent shell: one round trip, no
 * new channel, no new authentication. Large files stream through a second shell of the same
 * context that hands its channel to a data script; the source is read once for all targets,
 * with at most {@link #IN_FLIGHT} chunks queued per target (the SSH window paces the rest).
 */
final class FileTransfer {

  /** Files up to this size go inside one command. */
  static final int INLINE_MAX = 48 * 1024;
  static final int CHUNK = 128 * 1024;
  static final int IN_FLIGHT = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Function<Target, CompletableFuture<Context>> contexts;

  FileTransfer(Function<Target, CompletableFuture<Context>> contexts) {
    this.contexts = contexts;
  }

  // ---------------------------------------------------------------- put

  Results put(List<Target> targets, Path local, String remote, TransferOptions o,
      TransferListener l) {
    if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
      return allFail(targets, "no such local file: " + local, l);
    }
    if (Files.isDirectory(local)) {
      if (!o.recursive()) {
        return allFail(targets, local + " is a directory (put -r copies directories)", l);
      }
      return putTree(targets, local, remote, o, l);
    }
    try {
      String mode = o.mode() != null ? o.mode() : mode(local);
      return putFile(targets, local, remote, local.getFileName().toString(), mode, o, l);
    } catch (IOException e) {
      return allFail(targets, "cannot read " + local + ": " + e.getMessage(), l);
    }
  }

  Results putBytes(List<Target> targets, byte[] data, String remote, TransferOptions o,
      TransferListener l) {
    String name = remote.substring(remote.lastIndexOf('/') + 1);
    String mode = o.mode() != null ? o.mode() : "644";
    if (data.length <= INLINE_MAX) {
      return putInline(targets, data, remote, name, mode, o, l);
    }
    try {
      Path tmp = Files.createTempFile("fleetsh-put", ".bin");
      try {
        Files.write(tmp, data);
        return putStreamed(targets, tmp, remote, name, mode, o, l);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      return allFail(targets, "cannot spool the data: " + e.getMessage(), l);
    }
  }

  private Results putFile(List<Target> targets, Path local, String remote, String name,
      String mode, TransferOptions o, TransferListener l) throws IOException {
    if (Files.size(local) <= INLINE_MAX) {
      return putInline(targets, Files.readAllBytes(local), remote, name, mode, o, l);
    }
    return putStreamed(targets, local, remote, name, mode, o, l);
  }

  private Results putInline(List<Target> targets, byte[] data, String remote, String name,
      String mode, TransferOptions o, TransferListener l) {
    String lines = base64Lines(data);
    String sha = sha256(data);
    String eof = eofMarker();
    return runEverywhere(targets, t -> TransferScripts.putInline(remoteFor(remote, t), name, lines,
        sha, mode, o.owner(), eof), o, l, data.length);
  }

  /**
   * The remote path for one target: {@code %h} becomes the target's host, as in ssh_config,
   * so that one put can give each host its own file name.
   */
  static String remoteFor(String remote, Target t) {
    return remote.contains("%h") ? remote.replace("%h", t.hops().get(0).host()) : remote;
  }

  /** Runs one control command on every target and makes a result of each. */
  private Results runEverywhere(List<Target> targets, Function<Target, String> script,
      TransferOptions o, TransferListener l, long bytes) {
    List<CompletableFuture<Result>> each = new ArrayList<>();
    for (Target t : targets) {
      long t0 = System.nanoTime();
      each.add(control(t, script.apply(t), o).handle((out, err) -> {
        Result r = result(t, t0, out, err);
        if (r.ok()) {
          l.progress(t, bytes, bytes);
        }
        l.finished(r);
        return r;
      }));
    }
    return new Results(each.stream().map(CompletableFuture::join).toList());
  }

  /** Runs a transfer's control command; completes with its output, or fails with stderr. */
  private CompletableFuture<Collected> control(Target t, String script, TransferOptions o) {
    Collected c = new Collected();
    return contexts.apply(t)
        .thenCompose(ctx -> ctx.exec(script, c, o.stall(), new CompletableFuture<>()))
        .thenApply(status -> {
          c.status = status;
          return c;
        });
  }

  private Results putStreamed(List<Target> targets, Path local, String remote, String name,
      String mode, TransferOptions o, TransferListener l) {
    return stream(targets, local, t -> {
      try {
        return TransferScripts.putData(remoteFor(remote, t), name, Files.size(local));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, mode, o, l);
  }

  /**
   * Streams a local file to a data script on every target, reading it once; then, unless the
   * script committed by itself (it says {@code GOT} with dashes for the paths and hash), commits
   * on each context.
   */
  private Results stream(List<Target> targets, Path local, Function<Target, String> dataScript,
      String mode, TransferOptions o, TransferListener l) {
    long size;
    try {
      size = Files.size(local);
    } catch (IOException e) {
      return allFail(targets, "cannot read " + local + ": " + e.getMessage(), l);
    }
    long t0 = System.nanoTime();
    List<Sink> sinks = new ArrayList<>();
    for (Target t : targets) {
      Sink s = new Sink(t);
      sinks.add(s);
      s.ready = contexts.apply(t).thenCompose(ctx -> {
        s.context = ctx;
        return ctx.dataShell();
      }).thenCompose(shell -> {
        s.shell = shell;
        s.done = shell.become(dataScript.apply(t), s);
        s.done.whenComplete((v, e) -> s.ended());
        return s.go;
      });
    }
    for (Sink s : sinks) {
      s.await(s.ready, o.stall().plusSeconds(30), "the data channel did not start");
    }
    MessageDigest sha = digest();
    try (InputStream in = Files.newInputStream(local)) {
      // Every sink is handed the same chunk, which must stay unchanged until its write
      // completes. A sink has at most IN_FLIGHT writes pending when the next chunk is read, so
      // a ring of IN_FLIGHT + 1 buffers never overwrites one still in use, and a bulk transfer
      // allocates nothing per chunk (on 1 GiB, a fresh array per chunk cost more CPU in page
      // faults and zeroing than the SHA-256 did).
      byte[][] ring = new byte[IN_FLIGHT + 1][CHUNK];
      int n;
      for (int i = 0; (n = in.readNBytes(ring[i % ring.length], 0, CHUNK)) > 0; i++) {
        byte[] chunk = ring[i % ring.length];
        sha.update(chunk, 0, n);
        boolean anyAlive = false;
        for (Sink s : sinks) {
          if (s.error != null) {
            continue;
          }
          while (s.inFlight.size() >= IN_FLIGHT) {
            s.await(s.inFlight.peekFirst(), o.stall(), "stalled: no progress for "
                + o.stall().toSeconds() + "s");
            s.inFlight.pollFirst();
            if (s.error != null) {
              break;
            }
          }
          if (s.error == null) {
            s.inFlight.add(s.shell.writeRaw(chunk, 0, n));
            l.progress(s.target, n, size);
            anyAlive = true;
          }
        }
        if (!anyAlive) {
          break;
        }
      }
    } catch (IOException e) {
      sinks.forEach(s -> s.fail("cannot read " + local + ": " + e.getMessage()));
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    for (Sink s : sinks) {
      if (s.error == null) {
        s.inFlight.add(s.shell.endRaw());
      }
    }
    List<Result> results = new ArrayList<>();
    for (Sink s : sinks) {
      if (s.error == null) {
        while (!s.inFlight.isEmpty() && s.error == null) {
          s.await(s.inFlight.pollFirst(), o.stall(), "stalled: no progress for "
              + o.stall().toSeconds() + "s");
        }
        s.await(s.got, o.stall(), "stalled: the target did not confirm the data");
      }
      Result r;
      if (s.error == null) {
        String[] paths = s.got.join();
        if (paths[0].equals("-")) {
          r = new Result(s.target, Result.Status.OK, 0, new byte[0], new byte[0], ms(t0), null);
        } else if (!paths[2].equals(hex)) {
          control(s.target, TransferScripts.discard(paths[0]), o);
          r = failure(s.target, t0, "checksum mismatch: " + paths[1], false);
        } else {
          r = result(s.target, t0, control(s.target,
              TransferScripts.putCommitChecked(paths[0], paths[1], mode, o.owner()), o), null);
        }
      } else {
        r = failure(s.target, t0, s.error, s.unreachable);
      }
      if (s.shell != null) {
        endDataShell(s.context, s.shell, s.error != null);
      }
      l.finished(r);
      results.add(r);
    }
    return new Results(results);
  }

  /**
   * A directory goes as one tar stream with a SHA-256 manifest, unpacked beside its
   * destination and renamed into place: one process per tool on the target, not per file.
   */
  private Results putTree(List<Target> targets, Path root, String remote, TransferOptions o,
      TransferListener l) {
    String name = root.getFileName().toString();
    String parent = remote.length() > 1 && remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
    Path tar;
    try {
      tar = Files.createTempFile("fleetsh-tree", ".tar");
    } catch (IOException e) {
      return allFail(targets, "cannot make a temporary file: " + e.getMessage(), l);
    }
    try {
      writeTar(root, tar);
      long size = Files.size(tar);
      return stream(targets, tar, t -> TransferScripts.putTree(remoteFor(parent, t), name, size,
          o.mode(), o.owner()), null, o, l);
    } catch (IOException e) {
      return allFail(targets, "cannot read " + root + ": " + e.getMessage(), l);
    } finally {
      try {
        Files.deleteIfExists(tar);
      } catch (IOException ignored) {
        // A temporary file in the JVM's temp directory; nothing depends on it.
      }
    }
  }

  /** Packs {@code root}'s content (modes and symbolic links kept) with a SHA-256 manifest. */
  private static void writeTar(Path root, Path tar) throws IOException {
    StringBuilder manifest = new StringBuilder();
    try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
        new java.io.BufferedOutputStream(Files.newOutputStream(tar)));
        Stream<Path> walk = Files.walk(root)) {
      out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty()) {
          continue;
        }
        org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
        if (Files.isSymbolicLink(p)) {
          e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(rel,
              org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
          e.setLinkName(Files.readSymbolicLink(p).toString());
          out.putArchiveEntry(e);
        } else if (Files.isDirectory(p)) {
          e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(rel + "/");
          e.setMode(040000 | Integer.parseInt(mode(p), 8));
          out.putArchiveEntry(e);
        } else if (Files.isRegularFile(p)) {
          byte[] data = Files.readAllBytes(p);
          e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(rel);
          e.setMode(0100000 | Integer.parseInt(mode(p), 8));
          e.setSize(data.length);
          out.putArchiveEntry(e);
          out.write(data);
          manifest.append(sha256(data)).append("  ./").append(rel).append('\n');
        } else {
          continue;
        }
        out.closeArchiveEntry();
      }
      byte[] m = manifest.toString().getBytes(StandardCharsets.UTF_8);
      var me = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(".fleetsh-manifest");
      me.setSize(m.length);
      out.putArchiveEntry(me);
      out.write(m);
      out.closeArchiveEntry();
      out.finish();
    }
  }

  // ---------------------------------------------------------------- get

  Results get(List<Target> targets, String remote, Path localDir, TransferOptions o,
      TransferListener l) {
    List<CompletableFuture<Result>> each = new ArrayList<>();
    for (Target t : targets) {
      Path dir = localDir.resolve(t.path().replace('/', '_'));
      each.add(CompletableFuture.supplyAsync(() -> o.recursive()
          ? getTree(t, remote, dir, o, l) : getFile(t, remote, dir, o, l)).thenApply(r -> {
            l.finished(r);
            return r;
          }));
    }
    return new Results(each.stream().map(CompletableFuture::join).toList());
  }

  /** One file from one target as bytes, or an exception naming the cause. */
  byte[] getBytes(Target t, String remote, TransferOptions o) throws IOException {
    Path tmp = Files.createTempDirectory("fleetsh-get");
    try {
      Result r = getFile(t, remote, tmp, o, TransferListener.NONE);
      if (!r.ok()) {
        throw new IOException(t + ": " + r.error());
      }
      return Files.readAllBytes(tmp.resolve(baseName(remote)));
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Result getFile(Target t, String remote, Path dir, TransferOptions o, TransferListener l) {
    long t0 = System.nanoTime();
    Collected info;
    try {
      info = control(t, TransferScripts.getInfo(remote, INLINE_MAX), o).get();
    } catch (ExecutionException e) {
      return failure(t, t0, Context.translate(e.getCause()).getMessage(),
          ((FleetException) Context.translate(e.getCause())).unreachable());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(t, t0, "interrupted", false);
    }
    if (info.status != 0) {
      return failure(t, t0, info.lastErrorLine("get " + remote + " failed"), false);
    }
    List<String> lines = info.stdout().lines().toList();
    String[] head = lines.get(0).split(" ");
    long size = Long.parseLong(head[1]);
    String mode = head[2];
    String sha = lines.get(lines.size() - 1).substring(4);
    Path dest = dir.resolve(baseName(remote));
    Path tmp = dir.resolve("." + dest.getFileName() + ".fleetsh-" + random());
    try {
      Files.createDirectories(dir);
      if (size <= INLINE_MAX) {
        byte[] data = Base64.getMimeDecoder().decode(String.join("\n", lines.subList(1, lines.size() - 1)));
        if (data.length != size || !sha256(data).equals(sha)) {
          return failure(t, t0, "checksum mismatch: " + remote + " changed while it was read", false);
        }
        Files.write(tmp, data);
      } else {
        String err = stream(t, remote, tmp, size, sha, o, l);
        if (err != null) {
          Files.deleteIfExists(tmp);
          return failure(t, t0, err, false);
        }
      }
      setMode(tmp, mode);
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      l.progress(t, size <= INLINE_MAX ? size : 0, size);
      return new Result(t, Result.Status.OK, 0, new byte[0], new byte[0], ms(t0), null);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Best effort: the message below says what failed.
      }
      return failure(t, t0, "cannot write " + dest + ": " + e.getMessage(), false);
    }
  }

  /** Streams a large remote file into {@code tmp}; null when it arrived whole, else why not. */
  private String stream(Target t, String remote, Path tmp, long size, String sha, TransferOptions o,
      TransferListener l) throws IOException {
    MessageDigest digest = digest();
    long[] got = {0};
    try (OutputStream out = Files.newOutputStream(tmp)) {
      StreamReceiver rx = new StreamReceiver(out, digest, got, t, size, l);
      Context ctx = contexts.apply(t).join();
      PersistentShell shell = ctx.dataShell().get(o.stall().toSeconds() + 30, TimeUnit.SECONDS);
      CompletableFuture<Void> done = shell.become(TransferScripts.getData(remote), rx);
      try {
        long last = -1;
        while (true) {
          try {
            done.get(o.stall().toMillis(), TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException e) {
            if (got[0] == last) {
              return "stalled: no progress for " + o.stall().toSeconds() + "s";
            }
            last = got[0];
          }
        }
      } finally {
        endDataShell(ctx, shell, !done.isDone() || done.isCompletedExceptionally());
      }
      if (rx.failure != null) {
        return rx.failure;
      }
    } catch (ExecutionException e) {
      return Context.translate(e.getCause()).getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (TimeoutException e) {
      return "the data channel did not start";
    }
    if (got[0] != size) {
      return "received " + got[0] + " of " + size + " bytes";
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
      return "checksum mismatch: " + remote + " changed while it was read";
    }
    return null;
  }

  private Result getTree(Target t, String remote, Path dir, TransferOptions o, TransferListener l) {
    long t0 = System.nanoTime();
    Path into = dir.resolve(baseName(remote));
    try {
      Files.createDirectories(into);
      Context ctx = contexts.apply(t).join();
      PersistentShell shell = ctx.dataShell().get(o.stall().toSeconds() + 30, TimeUnit.SECONDS);
      TarReceiver rx = new TarReceiver(into);
      String err = "interrupted";
      try {
        shell.become(TransferScripts.getTree(remote), rx).whenComplete((v, e) -> rx.end());
        err = rx.extract();
        if (err != null) {
          return failure(t, t0, err, false);
        }
      } finally {
        endDataShell(ctx, shell, err != null);
      }
      return new Result(t, Result.Status.OK, 0, new byte[0], new byte[0], ms(t0), null);
    } catch (Exception e) {
      Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return failure(t, t0, Context.translate(c).getMessage(), false);
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Closes a transfer's data shell. If the transfer failed or gave up, what its script started
   * on the target is stopped first: closing the channel does not close their input, so a
   * stalled receiver would otherwise hold its temporary file for as long as the connection
   * lives. Stopped, the script removes the temporary itself. (Whether the script has ended
   * cannot be told from here: the channel's end is no sign of it.)
   */
  private static void endDataShell(Context ctx, PersistentShell shell, boolean failed) {
    if (failed && ctx != null) {
      try {
        ctx.stopChildren(shell).get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // The connection may be gone as well; then so is the script, and its input with it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    shell.close();
  }

  /** Per-target state of a streamed put. */
  private static final class Sink implements CommandOutput {
    final Target target;
    final CompletableFuture<Void> go = new CompletableFuture<>();
    final CompletableFuture<String[]> got = new CompletableFuture<>();
    final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    CompletableFuture<Void> ready;
    CompletableFuture<Void> done;
    Context context;
    PersistentShell shell;
    volatile String error;
    boolean unreachable;

    Sink(Target target) {
      this.target = target;
    }

    @Override
    public synchronized void stdout(byte[] buf, int off, int len) {
      out.append(new String(buf, off, len, StandardCharsets.UTF_8));
      if (!go.isDone() && out.indexOf("GO\n") == 0) {
        go.complete(null);
      }
      int g = out.indexOf("GOT\n");
      if (g >= 0) {
        String[] rest = out.substring(g + 4).split("\n", -1);
        if (rest.length >= 4) {
          got.complete(new String[] {rest[0], rest[1], rest[2]});
        }
      }
    }

    @Override
    public synchronized void stderr(byte[] buf, int off, int len) {
      err.append(new String(buf, off, len, StandardCharsets.UTF_8));
    }

    synchronized void ended() {
      String why = err.toString().strip();
      why = why.isEmpty() ? "the data channel closed early" : why.substring(why.lastIndexOf('\n') + 1);
      go.completeExceptionally(new IOException(why));
      got.completeExceptionally(new IOException(why));
    }

    void fail(String why) {
      if (error == null) {
        // When the target's side ended, its own last words say why better than the channel.
        if (done != null) {
          try {
            done.get(2, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // Ended with an error, or still running: what it said so far is all there is.
          }
        }
        String remote;
        synchronized (this) {
          remote = err.toString().strip();
        }
        // The first line: the tool that failed speaks before the script's own summary.
        error = remote.isEmpty() ? why : remote.lines().findFirst().orElse(why).strip();
      }
      if (shell != null) {
        shell.close();
      }
    }

    void await(CompletableFuture<?> f, Duration limit, String onTimeout) {
      if (error != null) {
        return;
      }
      try {
        f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        fail(onTimeout);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        Throwable fe = Context.translate(c);
        unreachable = fe instanceof FleetException x && x.unreachable() && shell == null;
        fail(c instanceof IOException && !(c instanceof dev.fleetsh.engine.internal.ShellGoneException)
            ? c.getMessage() : fe.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** Receives a streamed get: skips the {@code GO} line, then writes and hashes the bytes. */
  private static final class StreamReceiver implements CommandOutput {
    private final OutputStream out;
    private final MessageDigest digest;
    private final long[] got;
    private final Target target;
    private final long size;
    private final TransferListener l;
    private int skip = 3;
    private final StringBuilder err = new StringBuilder();
    volatile String failure;

    StreamReceiver(OutputStream out, MessageDigest digest, long[] got, Target target, long size,
        TransferListener l) {
      this.out = out;
      this.digest = digest;
      this.got = got;
      this.target = target;
      this.size = size;
      this.l = l;
    }

    @Override
    public synchronized void stdout(byte[] buf, int off, int len) {
      int s = Math.min(skip, len);
      skip -= s;
      off += s;
      len -= s;
      if (len <= 0 || failure != null) {
        return;
      }
      try {
        out.write(buf, off, len);
        digest.update(buf, off, len);
        got[0] += len;
        l.progress(target, len, size);
      } catch (IOException e) {
        failure = "cannot write locally: " + e.getMessage();
      }
    }

    @Override
    public synchronized void stderr(byte[] buf, int off, int len) {
      err.append(new String(buf, off, len, StandardCharsets.UTF_8));
      String e = err.toString().strip();
      if (!e.isEmpty()) {
        failure = e.substring(e.lastIndexOf('\n') + 1);
      }
    }
  }

  /** Collects a control command's output. */
  private static final class Collected implements CommandOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;

    @Override
    public synchronized void stdout(byte[] buf, int off, int len) {
      out.write(buf, off, len);
    }

    @Override
    public synchronized void stderr(byte[] buf, int off, int len) {
      err.write(buf, off, len);
    }

    synchronized String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String lastErrorLine(String dflt) {
      String e = err.toString(StandardCharsets.UTF_8).strip();
      return e.isEmpty() ? dflt + " (exit " + status + ")" : e.substring(e.lastIndexOf('\n') + 1);
    }
  }

  private static Result result(Target t, long t0, Object outOrFuture, Throwable err) {
    Collected c;
    Throwable failure = err;
    if (outOrFuture instanceof CompletableFuture<?> f) {
      try {
        c = (Collected) f.join();
      } catch (java.util.concurrent.CompletionException e) {
        c = null;
        failure = e.getCause();
      }
    } else {
      c = (Collected) outOrFuture;
    }
    if (failure != null) {
      FleetException fe = (FleetException) Context.translate(failure);
      return failure(t, t0, fe.getMessage(), fe.unreachable());
    }
    if (c.status != 0) {
      return new Result(t, Result.Status.FAILED, c.status, new byte[0], new byte[0], ms(t0),
          c.lastErrorLine("failed"));
    }
    return new Result(t, Result.Status.OK, 0, new byte[0], new byte[0], ms(t0), null);
  }

  private static Result failure(Target t, long t0, String why, boolean unreachable) {
    return new Result(t, unreachable ? Result.Status.UNREACHABLE : Result.Status.FAILED, null,
        new byte[0], new byte[0], ms(t0), why);
  }

  private static Results allFail(List<Target> targets, String why, TransferListener l) {
    List<Result> out = new ArrayList<>();
    for (Target t : targets) {
      Result r = failure(t, System.nanoTime(), why, false);
      l.finished(r);
      out.add(r);
    }
    return new Results(out);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static String baseName(String remote) {
    String r = remote.endsWith("/") && remote.length() > 1 ? remote.substring(0, remote.length() - 1) : remote;
    return r.substring(r.lastIndexOf('/') + 1);
  }

  private static String base64Lines(byte[] data) {
    return Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(data);
  }

  private static String eofMarker() {
    return "FLSH_EOF_" + random();
  }

  private static String random() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A local file's permission bits in octal, as chmod takes them. */
  static String mode(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    int m = 0;
    for (PosixFilePermission x : perms) {
      m |= 1 << (8 - x.ordinal());
    }
    return Integer.toOctalString(m);
  }

  private static void setMode(Path p, String octal) throws IOException {
    setMode(p, Integer.parseInt(octal, 8));
  }

  /** Sets permission bits given as a number, such as 0640. */
  static void setMode(Path p, int m) throws IOException {
    Set<PosixFilePermission> perms = java.util.EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission x : PosixFilePermission.values()) {
      if ((m & (1 << (8 - x.ordinal()))) != 0) {
        perms.add(x);
      }
    }
    Files.setPosixFilePermissions(p, perms);
  }
}
