package dev.fleetsh.engine.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running test lab as tests see it: its ssh_config, keys, hosts and passwords, and helpers
 * that look at the lab from outside fleetsh (OpenSSH, the namespaces) to check what it did.
 */
public final class Lab {

  /** The hosts the controller reaches directly. */
  public static final List<String> FRONT = List.of("h1", "h2", "h3");
  /** The hosts behind the jump host only. */
  public static final List<String> BACK = List.of("b1", "b2", "b3");
  public static final String JUMP = "jump";
  public static final String CONTAINER = "fl-app";

  private final Path dir;
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();

  Lab(Path dir) throws IOException {
    this.dir = dir;
    for (String line : Files.readAllLines(dir.resolve("hosts"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        addresses.put(f[0], f[1]);
      }
    }
    for (String line : Files.readAllLines(dir.resolve("secrets"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        secrets.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public Path sshConfig() {
    return dir.resolve("ssh_config");
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  public Path key(String name) {
    return dir.resolve("keys").resolve(name);
  }

  /** The secrets file the lab wrote (mode 0600): user passwords and the key passphrase. */
  public Path secretsFile() {
    return dir.resolve("secrets");
  }

  public String address(String host) {
    String a = addresses.get(host);
    if (a == null) {
      throw new IllegalArgumentException("no lab host " + host);
    }
    return a;
  }

  public List<String> hosts() {
    return new ArrayList<>(addresses.keySet());
  }

  /** A user's password, or the key passphrase under the name {@code passphrase}. */
  public String password(String user) {
    String s = secrets.get(user);
    if (s == null) {
      throw new IllegalArgumentException("no lab secret " + user);
    }
    return s;
  }

  public Map<String, String> secrets() {
    return Map.copyOf(secrets);
  }

  /** Runs a command in a lab host's network namespace (as root), for checks from outside. */
  public ProcResult inHost(String host, String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/run/netns/fl-" + host));
    argv.addAll(List.of(command));
    return ProcResult.run(argv, null, 30);
  }

  /** How many SSH connections a host's sshd has established right now. */
  public int sshConnections(String host) throws IOException, InterruptedException {
    ProcResult r = inHost(host, "ss", "-Htn", "state", "established", "( sport = :22 )");
    return (int) r.stdout().lines().filter(l -> !l.isBlank()).count();
  }

  /**
   * Waits until no SSH connection is established to any lab host, so that a test counting
   * connections does not count those an earlier test is still closing.
   */
  public void awaitQuiet() throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      boolean quiet = true;
      for (String h : hosts()) {
        if (sshConnections(h) > 0) {
          quiet = false;
          break;
        }
      }
      if (quiet) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("lab hosts still have SSH connections after 5s");
  }

  /** Runs {@code ssh -F <lab config> args...} with OpenSSH, optionally feeding a password. */
  public ProcResult ssh(String password, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ssh", "-F", sshConfig().toString(),
        "-o", "BatchMode=" + (password == null ? "yes" : "no")));
    argv.addAll(List.of(args));
    return ProcResult.run(argv, password, 30);
  }

  /** The result of a process run for a check. */
  public record ProcResult(int exit, String stdout, String stderr) {

    static ProcResult run(List<String> argv, String password, int seconds)
        throws IOException, InterruptedException {
      ProcessBuilder pb = new ProcessBuilder(argv);
      Path askpass = null;
      if (password != null) {
        // OpenSSH takes a password only from a terminal or SSH_ASKPASS: give it a one-shot script.
        askpass = Files.createTempFile("askpass", ".sh");
        Path pwFile = Files.createTempFile("askpass", ".txt");
        Files.writeString(pwFile, password + "\n");
        Files.writeString(askpass, "#!/bin/sh\ncat '" + pwFile + "'\n");
        askpass.toFile().setExecutable(true);
        pb.environment().put("SSH_ASKPASS", askpass.toString());
        pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
        pb.environment().put("DISPLAY", ":0");
        pwFile.toFile().deleteOnExit();
      }
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      var out = p.getInputStream();
      var err = p.getErrorStream();
      var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
      var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + ": still running after " + seconds + "s");
      }
      if (askpass != null) {
        Files.deleteIfExists(askpass);
      }
      return new ProcResult(p.exitValue(), outF.join(), errF.join());
    }

    private static String readAll(java.io.InputStream in) {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
