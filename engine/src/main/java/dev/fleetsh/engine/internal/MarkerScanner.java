package dev.fleetsh.engine.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds an unguessable marker in a byte stream that arrives in arbitrary chunks, passing every
 * other byte through unchanged and in order.
 *
 * <p>A marker is the fixed token followed by a short trailer up to a newline; the trailer is
 * handed to {@link Handler#marker(String)}. Matching is Knuth-Morris-Pratt, so a token split
 * across chunks is found and bytes that only looked like the start of one are released as soon
 * as they stop matching. Written by hand because no library offers a streaming, binary-safe
 * splitter that keeps partial matches across reads.
 */
public final class MarkerScanner {

  /** Receives output and markers in stream order. */
  public interface Handler {
    void data(byte[] buf, int off, int len);

    void marker(String trailer);
  }

  private static final int MAX_TRAILER = 128;

  private final byte[] token;
  private final int[] fail;
  private final Handler handler;
  private int matched;
  /** How many bytes of the current partial match arrived in earlier chunks (held back). */
  private int held;
  private boolean inTrailer;
  private final StringBuilder trailer = new StringBuilder();

  public MarkerScanner(String token, Handler handler) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.handler = handler;
    this.fail = prefixFunction(this.token);
  }

  public void feed(byte[] buf, int off, int len) {
    int end = off + len;
    int emitFrom = off;
    for (int i = off; i < end; i++) {
      byte b = buf[i];
      if (inTrailer) {
        if (b == '\n' || trailer.length() >= MAX_TRAILER) {
          inTrailer = false;
          emitFrom = i + 1;
          String t = trailer.toString();
          trailer.setLength(0);
          handler.marker(t);
        } else {
          trailer.append((char) (b & 0xff));
        }
        continue;
      }
      while (matched > 0 && token[matched] != b) {
        int shorter = fail[matched - 1];
        int fromHeld = Math.min(matched - shorter, held);
        if (fromHeld > 0) {
          handler.data(token, 0, fromHeld);
          held -= fromHeld;
        }
        matched = shorter;
      }
      if (token[matched] == b) {
        matched++;
      }
      if (matched == token.length) {
        int windowStart = i + 1 - (matched - held);
        if (windowStart > emitFrom) {
          handler.data(buf, emitFrom, windowStart - emitFrom);
        }
        matched = 0;
        held = 0;
        inTrailer = true;
        emitFrom = i + 1;
      }
    }
    if (!inTrailer) {
      int inThisChunk = matched - held;
      int upTo = end - inThisChunk;
      if (upTo > emitFrom) {
        handler.data(buf, emitFrom, upTo - emitFrom);
      }
      held = matched;
    }
  }

  /** Releases a partial match held back at end of stream: it was data after all. */
  public void finish() {
    if (held > 0) {
      handler.data(token, 0, held);
    }
    held = 0;
    matched = 0;
  }

  private static int[] prefixFunction(byte[] p) {
    int[] f = new int[p.length];
    int k = 0;
    for (int i = 1; i < p.length; i++) {
      while (k > 0 && p[k] != p[i]) {
        k = f[k - 1];
      }
      if (p[k] == p[i]) {
        k++;
      }
      f[i] = k;
    }
    return f;
  }
}
