package dev.fleetsh.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;

/**
 * What one command did on one target. {@link #exit()} is null when the command never ran to an
 * exit status (unreachable, timed out, cancelled, connection lost); {@link #error()} then says
 * why in one line. Output is kept only when the run asked to capture it.
 */
@JsonPropertyOrder({"target", "exit", "stdout", "stderr", "duration_ms", "error"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class Result {

  /** How a target's command ended. */
  public enum Status { OK, FAILED, UNREACHABLE }

  private final Target target;
  private final Status status;
  private final Integer exit;
  private final byte[] stdout;
  private final byte[] stderr;
  private final long durationMs;
  private final String error;

  public Result(Target target, Status status, Integer exit, byte[] stdout, byte[] stderr,
      long durationMs, String error) {
    this.target = target;
    this.status = status;
    this.exit = exit;
    this.stdout = stdout == null ? new byte[0] : stdout;
    this.stderr = stderr == null ? new byte[0] : stderr;
    this.durationMs = durationMs;
    this.error = error;
  }

  @JsonIgnore
  public Target target() {
    return target;
  }

  @JsonProperty("target")
  public String targetPath() {
    return target.path();
  }

  @JsonIgnore
  public Status status() {
    return status;
  }

  @JsonProperty("exit")
  public Integer exit() {
    return exit;
  }

  @JsonIgnore
  public boolean ok() {
    return status == Status.OK;
  }

  @JsonProperty("stdout")
  public String stdout() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @JsonProperty("stderr")
  public String stderr() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  @JsonIgnore
  public byte[] stdoutBytes() {
    return stdout.clone();
  }

  @JsonIgnore
  public byte[] stderrBytes() {
    return stderr.clone();
  }

  @JsonProperty("duration_ms")
  public long durationMs() {
    return durationMs;
  }

  @JsonProperty("error")
  public String error() {
    return error;
  }

  // Bean-style names, so that Groovy scripts read r.target, r.exit, r.stdout, r.ok.

  @JsonIgnore
  public String getTarget() {
    return target.path();
  }

  @JsonIgnore
  public Integer getExit() {
    return exit;
  }

  @JsonIgnore
  public String getStdout() {
    return stdout();
  }

  @JsonIgnore
  public String getStderr() {
    return stderr();
  }

  @JsonIgnore
  public long getDurationMs() {
    return durationMs;
  }

  @JsonIgnore
  public String getError() {
    return error;
  }

  @JsonIgnore
  public boolean isOk() {
    return ok();
  }

  /** One line for humans: {@code web01: exit 1}, {@code web01: unreachable: connection refused}. */
  public String describe() {
    return switch (status) {
      case OK -> target + ": ok";
      case FAILED -> target + ": " + (error != null ? error : "exit " + exit);
      case UNREACHABLE -> target + ": unreachable: " + error;
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
