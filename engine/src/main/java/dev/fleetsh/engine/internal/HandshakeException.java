package dev.fleetsh.engine.internal;

import java.io.IOException;

/** An account hop refused us: wrong or missing password. The message names hop and cause. */
public final class HandshakeException extends IOException {

  public HandshakeException(String message) {
    super(message);
  }
}
