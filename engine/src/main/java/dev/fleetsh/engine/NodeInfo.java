package dev.fleetsh.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one node of the live tree, for {@code tree}: its state, where it is, what it
 * is reached through, since when it is up, and how long its last command took end to end.
 */
public record NodeInfo(Target target, State state, String address, String via, Instant upSince,
    Duration lastRtt, int shells, String error) {

  /** The life of a node. */
  public enum State { CONNECTING, READY, FAILED, CLOSED }
}
