package dev.fleetsh.shell.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fleetsh.engine.SecretStore;

/** {@code %msg} with every known secret value masked, for every log line. */
public final class MaskingMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return SecretStore.maskAll(super.convert(event));
  }
}
