package dev.fleetsh.engine;

/** A target expression that does not parse; {@link #position()} is where it goes wrong. */
public final class TargetSyntaxException extends IllegalArgumentException {

  private final String input;
  private final int position;
  private final String reason;

  public TargetSyntaxException(String reason, String input, int position) {
    super("bad target expression '" + input + "' at position " + (position + 1) + ": " + reason);
    this.input = input;
    this.position = position;
    this.reason = reason;
  }

  public String input() {
    return input;
  }

  /** Zero-based index into {@link #input()}. */
  public int position() {
    return position;
  }

  public String reason() {
    return reason;
  }

  /** The input with a caret under the failing position, for terminals. */
  public String pointer() {
    return input + System.lineSeparator() + " ".repeat(Math.max(0, position)) + "^ " + reason;
  }
}
