package dev.fleetsh.engine.internal;

import java.io.IOException;

/** The persistent shell ended: the command ran {@code exec}, the process died, the link broke. */
public final class ShellGoneException extends IOException {

  public ShellGoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
