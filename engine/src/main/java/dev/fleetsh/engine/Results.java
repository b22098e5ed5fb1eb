package dev.fleetsh.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The results of one command on many targets, in target order. */
public final class Results implements Iterable<Result> {

  private final List<Result> results;

  public Results(List<Result> results) {
    this.results = Collections.unmodifiableList(new ArrayList<>(results));
  }

  @JsonValue
  public List<Result> all() {
    return results;
  }

  public List<Result> ok() {
    return filter(Result.Status.OK);
  }

  public List<Result> failed() {
    return filter(Result.Status.FAILED);
  }

  public List<Result> unreachable() {
    return filter(Result.Status.UNREACHABLE);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<Result> getOk() {
    return ok();
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<Result> getFailed() {
    return failed();
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<Result> getUnreachable() {
    return unreachable();
  }

  public boolean allOk() {
    return results.stream().allMatch(Result::ok);
  }

  public int size() {
    return results.size();
  }

  @Override
  public Iterator<Result> iterator() {
    return results.iterator();
  }

  /** {@code 3 ok, 1 failed, 0 unreachable}. */
  public String summary() {
    return ok().size() + " ok, " + failed().size() + " failed, " + unreachable().size()
        + " unreachable";
  }

  private List<Result> filter(Result.Status s) {
    return results.stream().filter(r -> r.status() == s).toList();
  }

  /** The summary, then one line per target: readable where a script or the REPL prints it. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(summary());
    for (Result r : results) {
      b.append("\n  ").append(r.describe());
    }
    return b.toString();
  }
}
