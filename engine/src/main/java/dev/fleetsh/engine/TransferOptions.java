package dev.fleetsh.engine;

import java.time.Duration;

/**
 * How files move: the mode to give them (null keeps the source's), an owner
 * ({@code user:group}, null for the context's user), whether directories are copied
 * recursively, and how long a transfer may make no progress before it is called stalled.
 */
public record TransferOptions(String mode, String owner, boolean recursive, Duration stall) {

  public static TransferOptions defaults() {
    return new TransferOptions(null, null, false, Duration.ofSeconds(60));
  }

  public TransferOptions withMode(String m) {
    if (m != null && !m.matches("[0-7]{3,4}")) {
      throw new IllegalArgumentException("a mode is 3 or 4 octal digits, such as 644, not '" + m + "'");
    }
    return new TransferOptions(m, owner, recursive, stall);
  }

  public TransferOptions withOwner(String o) {
    if (o != null && !o.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
      throw new IllegalArgumentException("an owner is USER or USER:GROUP, not '" + o + "'");
    }
    return new TransferOptions(mode, o, recursive, stall);
  }

  public TransferOptions withRecursive(boolean r) {
    return new TransferOptions(mode, owner, r, stall);
  }

  public TransferOptions withStall(Duration d) {
    return new TransferOptions(mode, owner, recursive, d);
  }
}
