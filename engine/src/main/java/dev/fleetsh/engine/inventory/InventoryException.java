package dev.fleetsh.engine.inventory;

import java.io.IOException;

/** An inventory file that cannot be read: the message names the file and, where known, line. */
public final class InventoryException extends IOException {

  public InventoryException(String message) {
    super(message);
  }

  public InventoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
