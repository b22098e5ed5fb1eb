package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.CommandOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the tar stream of a recursive get into a local directory as it arrives: files with
 * their modes (each written to a temporary and renamed), directories and symbolic links.
 * Entries that would land outside the directory are refused.
 */
final class TarReceiver implements CommandOutput {

  private final Path into;
  private final PipedInputStream in;
  private final PipedOutputStream out;
  private final StringBuilder err = new StringBuilder();
  private int skip = 3;
  private volatile String failure;

  TarReceiver(Path into) throws IOException {
    this.into = into.toAbsolutePath().normalize();
    this.in = new PipedInputStream(1 << 20);
    this.out = new PipedOutputStream(in);
  }

  @Override
  public void stdout(byte[] buf, int off, int len) {
    int s = Math.min(skip, len);
    skip -= s;
    if (len - s <= 0 || failure != null) {
      return;
    }
    try {
      out.write(buf, off + s, len - s);
    } catch (IOException e) {
      failure = "cannot unpack locally: " + e.getMessage();
    }
  }

  @Override
  public synchronized void stderr(byte[] buf, int off, int len) {
    err.append(new String(buf, off, len, StandardCharsets.UTF_8));
  }

  /** The remote side ended: no more data. */
  void end() {
    try {
      out.close();
    } catch (IOException ignored) {
      // The reader sees the end either way.
    }
  }

  /** Unpacks until the stream ends; null when all went well, else why not. */
  String extract() {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path p = into.resolve(e.getName()).normalize();
        if (!p.startsWith(into)) {
          return "refused a tar entry outside the directory: " + e.getName();
        }
        if (e.isDirectory()) {
          Files.createDirectories(p);
          setMode(p, e.getMode());
        } else if (e.isSymbolicLink()) {
          Files.deleteIfExists(p);
          Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        } else if (e.isFile()) {
          Files.createDirectories(p.getParent());
          Path tmp = p.resolveSibling("." + p.getFileName() + ".fleetsh-part");
          Files.copy(limited(tar), tmp, StandardCopyOption.REPLACE_EXISTING);
          setMode(tmp, e.getMode());
          Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      String remote = remoteError();
      return remote != null ? remote : "cannot unpack: " + e.getMessage();
    }
    String remote = remoteError();
    return failure != null ? failure : remote;
  }

  private synchronized String remoteError() {
    String e = err.toString().strip();
    return e.isEmpty() ? null : e.substring(e.lastIndexOf('\n') + 1);
  }

  private static InputStream limited(InputStream tar) {
    return new java.io.FilterInputStream(tar) {
      @Override
      public void close() {
        // The archive stream stays open for the next entry.
      }
    };
  }

  private static void setMode(Path p, int mode) throws IOException {
    if (!Files.isSymbolicLink(p)) {
      FileTransfer.setMode(p, mode & 07777);
    }
  }

}
