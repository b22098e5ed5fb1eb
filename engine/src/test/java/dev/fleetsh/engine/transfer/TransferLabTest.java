package dev.fleetsh.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.SecretStore;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TransferListener;
import dev.fleetsh.engine.TransferOptions;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * put and get against the lab's real hosts. The lab's hosts share this machine's file system,
 * so each target writes under its own directory, and tests may look at the files directly.
 */
@LabTest
class TransferLabTest {

  @TempDir
  Path local;

  private Lab lab;
  private Fleet fleet;
  private Path remoteRoot;

  @BeforeEach
  void open(Lab lab) throws Exception {
    this.lab = lab;
    SecretStore s = new SecretStore();
    s.load(lab.secretsFile());
    fleet = Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig()).secrets(s).build());
    remoteRoot = Path.of("/tmp/fleetsh-xfer-" + UUID.randomUUID());
    Files.createDirectories(remoteRoot);
    Files.setPosixFilePermissions(remoteRoot, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @AfterEach
  void close() throws Exception {
    fleet.close();
    try (Stream<Path> s = Files.walk(remoteRoot)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A directory for one target, writable by its account. */
  private String dirFor(String target) throws IOException {
    Path d = remoteRoot.resolve(target.replace('/', '_'));
    Files.createDirectories(d);
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
    return d.toString();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /**
   * Writes {@code size} random bytes to {@code file} a mebibyte at a time and returns their
   * SHA-256: the tests run in a 256 MiB heap (to show that transfers stream), so files of a
   * hundred mebibytes never sit in memory whole, on either side of a check.
   */
  private static String writeRandom(Path file, long size, long seed) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    Random r = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        r.nextBytes(block);
        int n = (int) Math.min(left, block.length);
        d.update(block, 0, n);
        out.write(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** The SHA-256 of a file, read a block at a time. */
  private static String sha(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] block = new byte[1 << 16];
      for (int n; (n = in.read(block)) > 0; ) {
        d.update(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static List<Path> temporaries(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().contains(".fleetsh-")).toList();
    }
  }

  @Test
  void byteExactRoundTripsOfEverySizeThroughJumpSudoAndSu() throws Exception {
    int t = 48 * 1024;
    int[] sizes = {0, 1, t - 1, t, t + 1, 100 * 1024 * 1024};
    for (String target : List.of("b1", "h1/sudo:carol", "h2/su:user05", "h3/doas:carol")) {
      String dir = dirFor(target);
      for (int size : sizes) {
        Path src = local.resolve("f" + size);
        String want = writeRandom(src, size, size * 31L + target.hashCode());
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r-----"));
        List<Target> tg = fleet.targets(target);
        Results put = fleet.put(tg, src, dir + "/", TransferOptions.defaults(), TransferListener.NONE);
        assertThat(put.allOk()).as(target + " put " + size + ": " + put.all()).isTrue();
        Path back = local.resolve("back");
        Results get = fleet.get(tg, dir + "/f" + size, back, TransferOptions.defaults(), TransferListener.NONE);
        assertThat(get.allOk()).as(target + " get " + size + ": " + get.all()).isTrue();
        Path got = back.resolve(target.replace('/', '_')).resolve("f" + size);
        assertThat(sha(got)).as(target + " " + size).isEqualTo(want);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(got))).isEqualTo("rw-r-----");
      }
      String owner = Files.getOwner(Path.of(dir, "f1")).getName();
      assertThat(owner).isEqualTo(target.endsWith(":carol") ? "carol" : target.contains("su:user05") ? "user05" : "fleet");
      assertThat(temporaries(Path.of(dir))).isEmpty();
    }
  }

  @Test
  void aDirectoryOfAThousandFilesWithModesAndASymlink() throws Exception {
    Path tree = Files.createDirectories(local.resolve("tree/sub"));
    for (int i = 0; i < 1000; i++) {
      Path f = (i % 2 == 0 ? tree.getParent() : tree).resolve("file" + i);
      Files.write(f, random(4096, i));
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(i % 3 == 0 ? "rwxr-xr-x" : "rw-r--r--"));
    }
    Files.createSymbolicLink(local.resolve("tree/link"), Path.of("sub/file1"));
    Path big = local.resolve("tree/sub/big");
    Files.write(big, random(300_000, 9));
    String dir = dirFor("h3");
    Results put = fleet.put(fleet.targets("h3"), local.resolve("tree"), dir,
        TransferOptions.defaults().withRecursive(true), TransferListener.NONE);
    assertThat(put.allOk()).as(put.all().toString()).isTrue();
    Path remote = Path.of(dir, "tree");
    assertThat(Files.readSymbolicLink(remote.resolve("link"))).isEqualTo(Path.of("sub/file1"));
    assertThat(Files.readAllBytes(remote.resolve("sub/big"))).isEqualTo(Files.readAllBytes(big));

    // Again, into the now existing tree: changed files are replaced, the rest stay whole.
    Files.writeString(tree.resolve("file1"), "changed\n");
    Results again = fleet.put(fleet.targets("h3"), local.resolve("tree"), dir,
        TransferOptions.defaults().withRecursive(true), TransferListener.NONE);
    assertThat(again.allOk()).as(again.all().toString()).isTrue();
    assertThat(Files.readString(remote.resolve("sub/file1"))).isEqualTo("changed\n");
    assertThat(Files.readAllBytes(remote.resolve("file0"))).isEqualTo(Files.readAllBytes(local.resolve("tree/file0")));
    assertThat(Files.isSymbolicLink(remote.resolve("link"))).isTrue();

    Path back = local.resolve("back");
    Results get = fleet.get(fleet.targets("h3"), remote.toString(), back,
        TransferOptions.defaults().withRecursive(true), TransferListener.NONE);
    assertThat(get.allOk()).as(get.all().toString()).isTrue();
    Path copy = back.resolve("h3/tree");
    try (Stream<Path> s = Files.walk(local.resolve("tree"))) {
      for (Path p : s.toList()) {
        Path rel = local.resolve("tree").relativize(p);
        Path c = copy.resolve(rel.toString());
        if (Files.isSymbolicLink(p)) {
          assertThat(Files.readSymbolicLink(c)).isEqualTo(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          assertThat(Files.readAllBytes(c)).as(rel.toString()).isEqualTo(Files.readAllBytes(p));
          assertThat(Files.getPosixFilePermissions(c)).as(rel.toString())
              .isEqualTo(Files.getPosixFilePermissions(p));
        }
      }
    }
    assertThat(temporaries(Path.of(dir))).isEmpty();
  }

  @Test
  void fiftyMebibytesFannedOutToEveryLabHost() throws Exception {
    long size = 50 * 1024 * 1024;
    Path src = local.resolve("fan");
    String want = writeRandom(src, size, 50);
    List<String> hosts = lab.hosts();
    for (String h : hosts) {
      dirFor(h);
    }
    // Every target writes to its own directory: one expression, one remote path per target
    // would collide on this shared file system, so each gets its own put of the one source.
    AtomicLong moved = new AtomicLong();
    TransferListener counting = new TransferListener() {
      @Override
      public void progress(Target target, long bytes, long total) {
        moved.addAndGet(bytes);
      }
    };
    Results r = fleet.put(fleet.targets(String.join(",", hosts)), src, remoteRoot + "/fan-%h",
        TransferOptions.defaults(), counting);
    assertThat(r.allOk()).as(r.all().toString()).isTrue();
    assertThat(moved.get()).isEqualTo(size * hosts.size());
    for (String h : hosts) {
      assertThat(sha(remoteRoot.resolve("fan-" + h))).isEqualTo(want);
    }
  }

  @Test
  void aConnectionKilledMidTransferLeavesTheOldFileAndNoTemporary() throws Exception {
    String dir = dirFor("h2");
    Path dest = Path.of(dir, "victim");
    Files.writeString(dest, "old content\n");
    Path src = local.resolve("victim");
    writeRandom(src, 200 * 1024 * 1024, 7);
    AtomicLong moved = new AtomicLong();
    TransferListener watch = new TransferListener() {
      @Override
      public void progress(Target target, long bytes, long total) {
        moved.addAndGet(bytes);
      }
    };
    CompletableFuture<Results> put = CompletableFuture.supplyAsync(() -> fleet.put(
        fleet.targets("h2"), src, dir + "/victim", TransferOptions.defaults(), watch));
    while (moved.get() < 20 * 1024 * 1024 && !put.isDone()) {
      Thread.sleep(5);
    }
    for (String p : lab.inHost("h2", "pgrep", "-f", "sshd: fleet").stdout().trim().split("\\s+")) {
      if (!p.isBlank()) {
        new ProcessBuilder("kill", "-9", p).start().waitFor();
      }
    }
    Result r = put.get().all().get(0);
    assertThat(r.ok()).isFalse();
    assertThat(Files.readString(dest)).isEqualTo("old content\n");
    for (int i = 0; i < 100 && !temporaries(Path.of(dir)).isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(temporaries(Path.of(dir))).isEmpty();
  }

  /** The pid of the one process on the lab's machine whose command line matches {@code regex}. */
  private static String awaitProcess(String regex, CompletableFuture<?> unless) throws Exception {
    for (int i = 0; i < 1000 && !unless.isDone(); i++) {
      Process p = new ProcessBuilder("pgrep", "-f", regex).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() == 0 && !out.isEmpty()) {
        return out.split("\\s+")[0];
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no process matching " + regex + " (the transfer ended first: " + unless.isDone() + ")");
  }

  private static void signal(String sig, String pid) throws Exception {
    new ProcessBuilder("kill", "-" + sig, pid).start().waitFor();
  }

  @Test
  void aPutThatStopsMakingProgressIsReportedAndLeavesTheOldFile() throws Exception {
    String dir = dirFor("h1");
    Path dest = Path.of(dir, "stuck");
    Files.writeString(dest, "old content\n");
    Path src = local.resolve("stuck");
    writeRandom(src, 200 * 1024 * 1024, 11);
    TransferOptions o = TransferOptions.defaults().withStall(java.time.Duration.ofSeconds(2));
    CompletableFuture<Results> put = CompletableFuture.supplyAsync(() -> fleet.put(
        fleet.targets("h1"), src, dir + "/stuck", o, TransferListener.NONE));
    // The target's receiver (python3 here) writes into .stuck.fleetsh-XXXXXX: freeze it.
    String pid = awaitProcess("\\.stuck\\.fleetsh-[A-Za-z0-9]{6}", put);
    signal("STOP", pid);
    try {
      Result r = put.get(60, java.util.concurrent.TimeUnit.SECONDS).all().get(0);
      assertThat(r.targetPath()).isEqualTo("h1");
      assertThat(r.ok()).isFalse();
      assertThat(r.error()).isEqualTo("stalled: no progress for 2s");
      assertThat(Files.readString(dest)).isEqualTo("old content\n");
    } finally {
      signal("CONT", pid);
    }
    // Thawed, the receiver finds its input closed, and the script removes the temporary.
    for (int i = 0; i < 200 && !temporaries(Path.of(dir)).isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(temporaries(Path.of(dir))).isEmpty();
    assertThat(fleet.execute(fleet.targets("h1"), "true", ExecOptions.defaults(), ExecListener.NONE)
        .await().allOk()).as("the context still serves commands").isTrue();
  }

  @Test
  void aGetThatStopsMakingProgressIsReportedAndLeavesNothingBehind() throws Exception {
    String dir = dirFor("h1");
    Path remote = Path.of(dir, "frozen");
    writeRandom(remote, 200 * 1024 * 1024, 12);
    Path back = local.resolve("back");
    TransferOptions o = TransferOptions.defaults().withStall(java.time.Duration.ofSeconds(2));
    CompletableFuture<Results> get = CompletableFuture.supplyAsync(() -> fleet.get(
        fleet.targets("h1"), remote.toString(), back, o, TransferListener.NONE));
    // The target's sender is "cat -- PATH": freeze it.
    String pid = awaitProcess("^cat -- " + remote, get);
    signal("STOP", pid);
    try {
      Result r = get.get(60, java.util.concurrent.TimeUnit.SECONDS).all().get(0);
      assertThat(r.targetPath()).isEqualTo("h1");
      assertThat(r.ok()).isFalse();
      assertThat(r.error()).isEqualTo("stalled: no progress for 2s");
    } finally {
      signal("CONT", pid);
    }
    try (Stream<Path> left = Files.walk(back)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void twoConcurrentPutsToOnePathEndWithOneOfThemWhole() throws Exception {
    String dir = dirFor("h1");
    String a = writeRandom(local.resolve("a"), 20 * 1024 * 1024, 1);
    String b = writeRandom(local.resolve("b"), 20 * 1024 * 1024, 2);
    try (Fleet other = Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig()).build())) {
      CompletableFuture<Results> pa = CompletableFuture.supplyAsync(() -> fleet.put(fleet.targets("h1"),
          local.resolve("a"), dir + "/same", TransferOptions.defaults(), TransferListener.NONE));
      CompletableFuture<Results> pb = CompletableFuture.supplyAsync(() -> other.put(other.targets("h1"),
          local.resolve("b"), dir + "/same", TransferOptions.defaults(), TransferListener.NONE));
      assertThat(pa.get().allOk()).isTrue();
      assertThat(pb.get().allOk()).isTrue();
    }
    assertThat(sha(Path.of(dir, "same"))).isIn(a, b);
    assertThat(temporaries(Path.of(dir))).isEmpty();
  }

  @Test
  void errorsArePerTargetAndClear() throws Exception {
    Path full = Path.of("/mnt/fleetsh-full");
    Path old = full.resolve("keep-" + UUID.randomUUID());
    // The old file belongs to the lab user, as it would on a real host.
    assertThat(fleet.put(fleet.targets("h3"), "old\n", old.toString(), TransferOptions.defaults()).allOk()).isTrue();
    Path small = local.resolve("small");
    Files.write(small, random(10_000, 3));
    Path big = local.resolve("big");
    Files.write(big, random(4 * 1024 * 1024, 4));
    String ok = dirFor("h3");

    // Two sizes: a big file is hashed while it arrives (python3 is on the lab's hosts), a
    // smaller one after it is written.
    Path huge = local.resolve("huge");
    writeRandom(huge, 9 * 1024 * 1024, 5);
    for (Path f : List.of(big, huge)) {
      Results r = fleet.put(fleet.targets("h3,h1"), f, old.toString(), TransferOptions.defaults(), TransferListener.NONE);
      assertThat(r.all()).allSatisfy(x -> assertThat(x.error()).contains("No space left on device"));
      assertThat(Files.readString(old)).isEqualTo("old\n");
      assertThat(temporaries(full)).isEmpty();
    }
    Results smallFull = fleet.put(fleet.targets("h3"), local.resolve("small"), old.toString(),
        TransferOptions.defaults(), TransferListener.NONE);
    // 10 kB fits on the tmpfs: it replaces the old file whole.
    assertThat(smallFull.allOk()).as(smallFull.all().toString()).isTrue();
    Files.delete(old);

    Results missingDir = fleet.put(fleet.targets("h3"), small, "/nonexistent-dir/x", TransferOptions.defaults(), TransferListener.NONE);
    assertThat(missingDir.all().get(0).error()).isEqualTo("no such directory: /nonexistent-dir");
    Results denied = fleet.put(fleet.targets("h3"), small, "/root/x", TransferOptions.defaults(), TransferListener.NONE);
    assertThat(denied.all().get(0).error()).contains("Permission denied");
    Results noLocal = fleet.put(fleet.targets("h3"), local.resolve("nope"), ok, TransferOptions.defaults(), TransferListener.NONE);
    assertThat(noLocal.all().get(0).error()).startsWith("no such local file: ");
    Results mixed = fleet.put(fleet.targets("h3,198.18.0.250"), small, ok + "/", TransferOptions.defaults(), TransferListener.NONE);
    assertThat(mixed.ok()).extracting(Result::targetPath).containsExactly("h3");
    assertThat(mixed.unreachable()).extracting(Result::targetPath).containsExactly("198.18.0.250");
    Results noFile = fleet.get(fleet.targets("h3"), ok + "/missing", local.resolve("g"), TransferOptions.defaults(), TransferListener.NONE);
    assertThat(noFile.all().get(0).error()).isEqualTo("no such file: " + ok + "/missing");
  }

  @Test
  void stringsAndBytesThroughTheApi() throws Exception {
    String dir = dirFor("b3");
    Target t = fleet.targets("b3").get(0);
    assertThat(fleet.put(List.of(t), "hello\n", dir + "/s.txt", TransferOptions.defaults()).allOk()).isTrue();
    assertThat(new String(fleet.get(t, dir + "/s.txt"))).isEqualTo("hello\n");
    assertThat(fleet.execute(List.of(t), "cat " + dir + "/s.txt", ExecOptions.defaults(), ExecListener.NONE)
        .await().all().get(0).stdout()).isEqualTo("hello\n");
    assertThat(Files.exists(Path.of(dir, "s.txt"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
