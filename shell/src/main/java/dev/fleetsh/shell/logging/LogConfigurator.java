package dev.fleetsh.shell.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.nio.file.Path;

/**
 * fleetsh's logging, set up in code rather than from a logback.xml: reading the XML loaded some
 * 600 classes of XML parser and configurator and cost a third of a second before the prompt.
 *
 * <p>One file, {@code fleetsh.log} in fleetsh's home (the system property {@code fleetsh.log}
 * names another), at WARN until {@code -v} raises it; every line passes through the masking
 * converters, so no known secret reaches the log.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{24} - %msg%n%ex";

  @Override
  public ExecutionStatus configure(LoggerContext lc) {
    // A log that cannot be written must not print logback's status lines into the session.
    lc.getStatusManager().add(new NopStatusListener());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(lc);
    encoder.setPattern(PATTERN);
    encoder.start();
    // start() made the layout: our converters for msg and ex replace the stock ones.
    PatternLayout layout = (PatternLayout) encoder.getLayout();
    layout.getInstanceConverterMap().put("msg", MaskingMessageConverter::new);
    layout.getInstanceConverterMap().put("ex", MaskingThrowableConverter::new);
    layout.stop();
    layout.start();

    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(lc);
    file.setName("FILE");
    file.setFile(logFile().toString());
    file.setEncoder(encoder);
    file.start();

    ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(file);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@code fleetsh.log}, else {@code $FLEETSH_HOME/fleetsh.log}, else {@code ~/.fleetsh/fleetsh.log}. */
  static Path logFile() {
    String explicit = System.getProperty("fleetsh.log");
    if (explicit != null && !explicit.isEmpty()) {
      return Path.of(explicit);
    }
    return dev.fleetsh.shell.Home.path().resolve("fleetsh.log");
  }
}
