package dev.fleetsh.engine.internal.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The two loops every asynchronous MINA channel stream needs: reading until the end, and
 * writing one buffer at a time (MINA's channel streams refuse a write while one is pending).
 * Nothing here blocks a thread, so it is safe on MINA's I/O threads.
 */
final class AsyncStreams {

  /**
   * Reads start small and double while they come back full, up to the largest; a read that
   * fills less than a quarter halves the next. Each open channel always has a read pending on
   * stdout and on stderr, so an idle shell holds two small buffers instead of two of 64 KiB
   * (with 500 warm hosts, that was most of the heap), while bulk output still moves 64 KiB a
   * read.
   */
  static final int READ_MIN = 4 * 1024;
  static final int READ_MAX = 64 * 1024;

  private AsyncStreams() {}

  /**
   * Reads {@code in} until it ends, handing each buffer to {@code data} on the thread that
   * completed the read; then calls {@code end} once, with null for a clean end of stream.
   */
  static void readAll(IoInputStream in, Consumer<Buffer> data, Consumer<Throwable> end) {
    readAll(in, data, end, READ_MIN);
  }

  private static void readAll(IoInputStream in, Consumer<Buffer> data, Consumer<Throwable> end,
      int size) {
    while (true) {
      IoReadFuture rf = in.read(new ByteArrayBuffer(size));
      if (!rf.isDone()) {
        int asked = size;
        rf.addListener(done -> {
          if (handle(done, data, end)) {
            readAll(in, data, end, nextSize(asked, done.getRead()));
          }
        });
        return;
      }
      if (!handle(rf, data, end)) {
        return;
      }
      size = nextSize(size, rf.getRead());
    }
  }

  /** The size of the read after one of {@code size} bytes that returned {@code got}. */
  static int nextSize(int size, int got) {
    if (got >= size) {
      return Math.min(size * 2, READ_MAX);
    }
    return got < size / 4 ? Math.max(size / 2, READ_MIN) : size;
  }

  private static boolean handle(IoReadFuture rf, Consumer<Buffer> data, Consumer<Throwable> end) {
    Throwable ex = rf.getException();
    if (ex != null || rf.getRead() < 0) {
      end.accept(ex instanceof EOFException ? null : ex);
      return false;
    }
    try {
      data.accept(rf.getBuffer());
      return true;
    } catch (RuntimeException e) {
      end.accept(e);
      return false;
    }
  }

  /** Writes buffers to one asynchronous stream in order, one in flight at a time. */
  static final class SerialWriter {
    private final IoOutputStream out;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean ended;

    SerialWriter(IoOutputStream out) {
      this.out = out;
    }

    /**
     * Queues {@code bytes} without copying them: the caller leaves them unchanged until the
     * future completes, when they are on the wire. (A bulk transfer would otherwise pay one
     * more copy of every byte.)
     */
    CompletableFuture<Void> write(byte[] bytes, int off, int len) {
      return enqueue(new Pending(new ByteArrayBuffer(bytes, off, len), new CompletableFuture<>()));
    }

    /**
     * Queues the end of the stream: once what was queued before is on the wire, the stream is
     * closed gracefully, which on a channel sends end-of-file.
     */
    CompletableFuture<Void> end() {
      return enqueue(new Pending(null, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Pending p) {
      synchronized (queue) {
        if (ended) {
          return CompletableFuture.failedFuture(new IOException("input already ended"));
        }
        ended = p.buffer == null;
        queue.add(p);
        if (writing) {
          return p.done;
        }
        writing = true;
      }
      next();
      return p.done;
    }

    private void next() {
      Pending p;
      synchronized (queue) {
        p = queue.poll();
        if (p == null) {
          writing = false;
          return;
        }
      }
      if (p.buffer == null) {
        out.close(false).addListener(c -> p.done.complete(null));
        return;
      }
      try {
        out.writeBuffer(p.buffer).addListener(w -> {
          if (w.isWritten()) {
            p.done.complete(null);
            next();
          } else {
            failAll(p, w.getException());
          }
        });
      } catch (IOException | RuntimeException e) {
        failAll(p, e);
      }
    }

    private void failAll(Pending first, Throwable why) {
      Throwable t = why != null ? why : new IOException("write failed");
      first.done.completeExceptionally(t);
      synchronized (queue) {
        queue.forEach(p -> p.done.completeExceptionally(t));
        queue.clear();
        writing = false;
      }
    }

    private record Pending(Buffer buffer, CompletableFuture<Void> done) {}
  }
}
