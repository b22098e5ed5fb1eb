package dev.fleetsh.engine;

/**
 * A failure that belongs to one target, with a message that is one line naming the cause:
 * unreachable, host key refused, authentication failed, timed out. Never carries a secret.
 */
public class FleetException extends RuntimeException {

  /** What kind of failure, for summaries and exit codes. */
  public enum Kind { UNREACHABLE, HOST_KEY, AUTH, TIMEOUT, CANCELLED, CONNECTION_LOST, CONFIG }

  private final Kind kind;

  public FleetException(Kind kind, String message, Throwable cause) {
    super(SecretStore.maskAll(message), cause);
    this.kind = kind;
  }

  public FleetException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** True when the target was never reached, as opposed to a command that went wrong. */
  public boolean unreachable() {
    return kind == Kind.UNREACHABLE || kind == Kind.HOST_KEY || kind == Kind.AUTH
        || kind == Kind.CONFIG;
  }
}
