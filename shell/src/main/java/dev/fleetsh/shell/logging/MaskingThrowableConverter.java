package dev.fleetsh.shell.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fleetsh.engine.SecretStore;

/** {@code %ex} with every known secret value masked in exception messages and traces. */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return SecretStore.maskAll(super.convert(event));
  }
}
