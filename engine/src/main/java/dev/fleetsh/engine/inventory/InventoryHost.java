package dev.fleetsh.engine.inventory;

import java.util.List;
import java.util.Map;

/**
 * A host as the inventory describes it: its name, and where and as whom to connect (each null
 * or 0 when the inventory does not say, so that ssh_config decides), the jump hosts in front of
 * it, and its variables with group variables merged in.
 */
public record InventoryHost(String name, String address, String user, int port, List<String> via,
    Map<String, String> vars) {

  public InventoryHost {
    via = List.copyOf(via);
    vars = Map.copyOf(vars);
  }
}
