package dev.fleetsh.engine.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Brings the lab up once per test run (or reuses one already up) and tears down what it
 * brought up when the run ends. Where the machine cannot run it (not root, no network
 * namespaces), lab tests are skipped with a one-line reason; on CI (CI=true) they fail instead,
 * so a CI run never passes by skipping them.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Holder h = context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(),
        Holder.class);
    if (h.unavailable != null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("the lab is required on CI but " + h.unavailable);
      }
      throw new TestAbortedException("lab tests skipped: " + h.unavailable);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Holder h = e.getRoot().getStore(NS).get(Holder.class, Holder.class);
    if (h == null || h.lab == null) {
      throw new ParameterResolutionException("the lab is not up");
    }
    return h.lab;
  }

  /** Finds lab/lab.sh by walking up from the working directory (a module or the top). */
  static Path script() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null) {
      Path s = d.resolve("lab").resolve("lab.sh");
      if (Files.isRegularFile(s)) {
        return s;
      }
      d = d.getParent();
    }
    throw new IllegalStateException("lab/lab.sh not found above " + Path.of("").toAbsolutePath());
  }

  static Path labDir() {
    String env = System.getenv("LAB_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "/run/fleetsh-lab");
  }

  /** The lab for this run; closing the root store tears down what it started. */
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    Lab lab;
    String unavailable;
    boolean started;

    Holder() {
      try {
        unavailable = whyUnavailable();
        if (unavailable != null) {
          return;
        }
        if (run(List.of("bash", script().toString(), "status"), 30) != 0) {
          int rc = run(List.of("bash", script().toString(), "up"), 300);
          if (rc != 0) {
            throw new IllegalStateException("lab/lab.sh up failed with status " + rc);
          }
          started = true;
        }
        lab = new Lab(labDir());
      } catch (IOException e) {
        throw new IllegalStateException("cannot bring the lab up: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while bringing the lab up", e);
      }
    }

    @Override
    public void close() throws Exception {
      if (started && !"1".equals(System.getenv("LAB_KEEP"))) {
        run(List.of("bash", script().toString(), "down"), 120);
      }
    }

    private static String whyUnavailable() throws IOException, InterruptedException {
      if (!"root".equals(System.getProperty("user.name"))) {
        return "not root (the lab creates network namespaces and users)";
      }
      if (run(List.of("ip", "netns", "list"), 10) != 0) {
        return "no network namespaces ('ip netns' failed)";
      }
      if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
        return "no /usr/sbin/sshd (install openssh-server, see .ci/install-deps)";
      }
      return null;
    }

    private static int run(List<String> argv, int seconds) throws IOException, InterruptedException {
      List<String> a = new ArrayList<>(argv);
      Process p = new ProcessBuilder(a).inheritIO().start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " took more than " + seconds + "s");
      }
      return p.exitValue();
    }
  }
}
