package dev.fleetsh.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password, passphrase or token. Every printed form ({@link #toString()}, JSON, logs, Groovy
 * strings) is {@value #MASK}; the value itself is read only by {@link #reveal()}, which the
 * engine calls where it writes the secret to the prompt that asked for it.
 */
public final class Secret {

  /** What every printed form of a secret shows. */
  public static final String MASK = "******";

  private final char[] value;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  public static Secret of(char[] value) {
    return new Secret(value);
  }

  public static Secret of(String value) {
    return new Secret(value.toCharArray());
  }

  /** The clear value: for writing to a prompt, never for printing. */
  public char[] reveal() {
    return value.clone();
  }

  /** The clear value as UTF-8 bytes followed by a newline, as a prompt wants it. */
  public byte[] revealLine() {
    byte[] b = new String(value).getBytes(StandardCharsets.UTF_8);
    byte[] line = Arrays.copyOf(b, b.length + 1);
    line[b.length] = '\n';
    Arrays.fill(b, (byte) 0);
    return line;
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}
