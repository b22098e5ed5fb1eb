package dev.fleetsh.engine;

import java.util.Locale;
import java.util.Optional;

/** How one hop of a target path is reached from its parent. */
public enum HopKind {
  LOCAL, SSH, SUDO, SU, DOAS, DOCKER, PODMAN, LXC, NSPAWN, KUBECTL, JAIL, NSENTER;

  /** The word used in target paths, such as {@code sudo} in {@code web01/sudo:postgres}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<HopKind> fromWord(String word) {
    for (HopKind k : values()) {
      if (k.word().equals(word)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** True for hops that change the account on the same host rather than the machine. */
  public boolean isAccount() {
    return this == SUDO || this == SU || this == DOAS;
  }
}
