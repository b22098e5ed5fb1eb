package dev.fleetsh.engine;

import java.util.List;

/**
 * How a target is reached, as resolved from the inventory and ssh_config without connecting:
 * the address and login user of its last SSH hop, and the jump hosts in front of it.
 */
public record Route(String address, String user, List<String> via) {

  public Route {
    via = List.copyOf(via);
  }
}
