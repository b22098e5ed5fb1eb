package dev.fleetsh.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link Fleet} is set up: where ssh_config and inventories are, the secrets, the
 * fan-out limit and timeouts. Build one with {@link #builder()}.
 */
public final class FleetConfig {

  /** How many nodes may be set up at once unless told otherwise. */
  public static final int DEFAULT_FANOUT = 64;

  private final Path sshConfig;
  private final List<Path> inventories;
  private final SecretStore secrets;
  private final int fanout;
  private final int shellsPerContext;
  private final Duration connectTimeout;
  private final Prompter prompter;
  private final Path agentSocket;

  private FleetConfig(Builder b) {
    this.agentSocket = b.agentSocket;
    this.prompter = b.prompter;
    this.sshConfig = b.sshConfig;
    this.inventories = List.copyOf(b.inventories);
    this.secrets = b.secrets != null ? b.secrets : new SecretStore();
    this.fanout = b.fanout;
    this.shellsPerContext = b.shellsPerContext;
    this.connectTimeout = b.connectTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The ssh_config file, or null for none. */
  public Path sshConfig() {
    return sshConfig;
  }

  public List<Path> inventories() {
    return inventories;
  }

  public SecretStore secrets() {
    return secrets;
  }

  public int fanout() {
    return fanout;
  }

  public int shellsPerContext() {
    return shellsPerContext;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The ssh-agent socket, by default {@code SSH_AUTH_SOCK}; null for none. */
  public Path agentSocket() {
    return agentSocket;
  }

  /** Who is asked for passwords and passphrases the secrets do not hold. */
  public Prompter prompter() {
    return prompter;
  }

  /** Builds a {@link FleetConfig}. */
  public static final class Builder {
    private Path sshConfig;
    private final List<Path> inventories = new ArrayList<>();
    private SecretStore secrets;
    private int fanout = DEFAULT_FANOUT;
    private int shellsPerContext = 4;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Prompter prompter = Prompter.NONE;
    private Path agentSocket = System.getenv("SSH_AUTH_SOCK") == null
        || System.getenv("SSH_AUTH_SOCK").isBlank() ? null : Path.of(System.getenv("SSH_AUTH_SOCK"));

    public Builder agentSocket(Path socket) {
      this.agentSocket = socket;
      return this;
    }

    public Builder prompter(Prompter p) {
      this.prompter = p;
      return this;
    }

    public Builder sshConfig(Path p) {
      this.sshConfig = p;
      return this;
    }

    public Builder inventory(Path p) {
      this.inventories.add(p);
      return this;
    }

    public Builder secrets(SecretStore s) {
      this.secrets = s;
      return this;
    }

    public Builder fanout(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("fanout must be at least 1");
      }
      this.fanout = n;
      return this;
    }

    /** How many commands one context may run at once, each in its own shell. */
    public Builder shellsPerContext(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("shells per context must be at least 1");
      }
      this.shellsPerContext = n;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public FleetConfig build() {
      return new FleetConfig(this);
    }
  }
}
