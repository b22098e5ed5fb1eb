package dev.fleetsh.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.NodeSet;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints a running command's output: streamed lines prefixed by target (the default), output
 * folded by identical text like {@code clush -b} (gather), or one JSON object per target.
 * Known secret values are masked in everything it prints.
 */
public final class RunPrinter implements ExecListener {

  /** How output is shown. */
  public enum Mode { STREAM, GATHER, JSON }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Console console;
  private final Mode mode;
  private final Map<Target, LineBuffer> outBuffers = new ConcurrentHashMap<>();
  private final Map<Target, LineBuffer> errBuffers = new ConcurrentHashMap<>();

  public RunPrinter(Console console, Mode mode) {
    this.console = console;
    this.mode = mode;
  }

  @Override
  public void stdout(Target target, byte[] buf, int off, int len) {
    if (mode == Mode.STREAM) {
      outBuffers.computeIfAbsent(target, t -> new LineBuffer(t, false)).add(buf, off, len);
    }
  }

  @Override
  public void stderr(Target target, byte[] buf, int off, int len) {
    if (mode == Mode.STREAM) {
      errBuffers.computeIfAbsent(target, t -> new LineBuffer(t, true)).add(buf, off, len);
    }
  }

  @Override
  public void finished(Result result) {
    if (mode == Mode.STREAM) {
      LineBuffer o = outBuffers.remove(result.target());
      if (o != null) {
        o.flush();
      }
      LineBuffer e = errBuffers.remove(result.target());
      if (e != null) {
        e.flush();
      }
      if (!result.ok()) {
        console.error(mask(result.describe()));
      }
    } else if (mode == Mode.JSON) {
      try {
        console.println(mask(JSON.writeValueAsString(result)));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
  }

  /** Prints what comes after every target finished: gathered output and the summary line. */
  public void end(Results results, Duration took) {
    if (mode == Mode.GATHER) {
      Map<String, List<String>> groups = new LinkedHashMap<>();
      for (Result r : results) {
        if (r.status() == Result.Status.UNREACHABLE) {
          continue;
        }
        String text = r.stdout() + (r.stderr().isEmpty() ? "" : r.stderr());
        groups.computeIfAbsent(text, k -> new ArrayList<>()).add(r.targetPath());
      }
      StringBuilder b = new StringBuilder();
      for (var g : groups.entrySet()) {
        String names = NodeSet.fold(g.getValue()) + " (" + g.getValue().size() + ")";
        String rule = "-".repeat(Math.min(72, Math.max(15, names.length())));
        b.append(rule).append('\n').append(console.target(names)).append('\n').append(rule)
            .append('\n').append(g.getKey());
        if (!g.getKey().isEmpty() && !g.getKey().endsWith("\n")) {
          b.append('\n');
        }
      }
      if (b.length() > 0) {
        console.out().print(mask(b.toString()));
        console.out().flush();
      }
      results.all().stream().filter(r -> !r.ok()).forEach(r -> console.error(mask(r.describe())));
    }
    console.info(results.summary() + " in " + seconds(took));
  }

  private static String seconds(Duration d) {
    double s = d.toNanos() / 1e9;
    return s < 1 ? String.format("%.0fms", s * 1000) : String.format("%.2fs", s);
  }

  private static String mask(String s) {
    return SecretStore.maskAll(s);
  }

  /** Cuts one target's stream into lines and prints each with the target's prefix. */
  private final class LineBuffer {
    private final Target target;
    private final boolean stderr;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineBuffer(Target target, boolean stderr) {
      this.target = target;
      this.stderr = stderr;
    }

    synchronized void add(byte[] buf, int off, int len) {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          pending.write(buf, start, i - start);
          emit();
          start = i + 1;
        }
      }
      pending.write(buf, start, off + len - start);
      if (pending.size() > 64 * 1024) {
        emit();
      }
    }

    synchronized void flush() {
      if (pending.size() > 0) {
        emit();
      }
    }

    private void emit() {
      String text = mask(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
      String line = console.target(target.path()) + ": " + text;
      synchronized (console) {
        if (stderr) {
          console.err().println(line);
          console.err().flush();
        } else {
          console.out().println(line);
          console.out().flush();
        }
      }
    }
  }
}
