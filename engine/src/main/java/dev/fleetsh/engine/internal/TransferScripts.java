package dev.fleetsh.engine.internal;

import static dev.fleetsh.engine.internal.ShellText.quote;

/**
 * The shell text of file transfers. Every write lands in a temporary file next to the
 * destination ({@code .NAME.fleetsh-XXXXXX}, made by mktemp) and is renamed over it only after
 * its SHA-256 matches, with mode and owner set first; every failure path removes the
 * temporary. Needs only POSIX sh, mktemp, base64, sha256sum, head and wc on the target; uses
 * OpenSSL's and python3's SHA-256 where they are there, as they are faster.
 */
public final class TransferScripts {

  private TransferScripts() {}

  /** Resolves {@code $dest} (a directory gets {@code name} appended) and makes {@code $t}. */
  private static String prepare(String remote, String name) {
    // Parameter expansion instead of dirname and basename: two processes fewer per file.
    return "dest=" + quote(remote) + "; [ -d \"$dest\" ] && dest=\"${dest%/}/\"" + quote(name) + "\n"
        + "case $dest in */*) d=${dest%/*}; d=${d:-/};; *) d=.;; esac; b=${dest##*/}\n"
        + "[ -d \"$d\" ] || { echo \"no such directory: $d\" >&2; exit 2; }\n"
        + "t=$(mktemp \"$d/.$b.fleetsh-XXXXXX\") || exit 3\n";
  }

  /** Checks, sets mode and owner, renames; removes the temporary on any failure. */
  private static String commit(String sha256, String mode, String owner) {
    return "[ \"$(sha256sum < \"$t\" | cut -c1-64)\" = " + sha256 + " ] || { rm -f \"$t\";"
        + " echo \"checksum mismatch: $dest\" >&2; exit 4; }\n"
        + "chmod " + quote(mode) + " \"$t\" || { rm -f \"$t\"; exit 5; }\n"
        + (owner == null ? "" : "chown " + quote(owner) + " \"$t\" || { rm -f \"$t\"; exit 5; }\n")
        + "mv -f \"$t\" \"$dest\" || { rm -f \"$t\"; exit 6; }\n";
  }

  /** One command that writes a small file whose content travels in it, base64 in a heredoc. */
  public static String putInline(String remote, String name, String base64Lines, String sha256,
      String mode, String owner, String eofMarker) {
    return prepare(remote, name)
        + "base64 -d > \"$t\" <<'" + eofMarker + "' || { rm -f \"$t\"; exit 4; }\n"
        + base64Lines + (base64Lines.isEmpty() || base64Lines.endsWith("\n") ? "" : "\n")
        + eofMarker + "\n"
        + commit(sha256, mode, owner);
  }

  /**
   * The data side of a streamed put, run by a shell of its own whose stdin is the file: it says
   * {@code GO}, copies its input to end-of-file into the temporary while hashing it, checks the
   * size, then says {@code GOT} with the temporary's and destination's paths and the SHA-256. A
   * short read (the link broke, the disk filled) removes the temporary; so does waiting a minute
   * for a commit that never comes.
   *
   * <p>Where the target has python3 and the file is large, one small Python loop reads, hashes
   * and writes each block as it arrives ({@link #RECEIVE_PY}): the hash then runs while the
   * bytes are still on their way. Without it, {@code cat} copies the input and the file is
   * hashed after it is complete, with OpenSSL where it is installed, as it uses the processor's
   * SHA instructions and coreutils' does not (1.0 s against 2.7 s for 1 GiB here); that last
   * pass over 1 GiB takes a second after the last byte came, most of the gap to scp's rate.
   * (A pipeline through tee into the hash was slower than either: tee moves 8 KiB at a time.)
   */
  public static String putData(String remote, String name, long size) {
    String receive = "cat > \"$t\" || { rm -f \"$t\"; exit 4; }\n"
        + "h=$(" + SHA256_FILE + " \"$t\" | cut -c1-64)\n";
    if (size >= HASH_WHILE_RECEIVING) {
      receive = "if command -v python3 >/dev/null 2>&1; then\n"
          + "h=$(python3 -c " + quote(RECEIVE_PY) + " \"$t\" \"$dest\") || { rm -f \"$t\"; exit 4; }\n"
          + "else\n" + receive + "fi\n";
    }
    return prepare(remote, name)
        + "printf 'GO\\n'\n"
        + receive
        + "n=$(wc -c < \"$t\")\n"
        + "if [ \"$n\" -ne " + size + " ]; then rm -f \"$t\"; echo \"received $n of " + size
        + " bytes\" >&2; exit 4; fi\n"
        + "printf 'GOT\\n%s\\n%s\\n%s\\n' \"$t\" \"$dest\" \"$h\"\n"
        + "i=0; while [ -e \"$t\" ] && [ $i -lt 600 ]; do sleep 0.1 2>/dev/null || sleep 1;"
        + " i=$((i+1)); done; rm -f \"$t\"\n";
  }

  /** From this size on, a streamed put hashes while receiving where python3 is there. */
  static final long HASH_WHILE_RECEIVING = 8L << 20;

  /**
   * Copies stdin to the file {@code argv[1]} (the temporary, already made) in blocks of 1 MiB,
   * hashing each block; prints the SHA-256 in hex. A failed write or close says why in one line
   * naming the destination {@code argv[2]} and exits 4; so does a broken Python, in one line
   * too, never a traceback. Python 3.3 and later; hashlib's SHA-256 is OpenSSL's.
   */
  static final String RECEIVE_PY = String.join("\n",
      "import sys",
      "try:",
      "    import hashlib, os",
      "    h = hashlib.sha256()",
      "    b = bytearray(1 << 20)",
      "    m = memoryview(b)",
      "    read = sys.stdin.buffer.raw.readinto",
      "    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_TRUNC)",
      "    while True:",
      "        n = read(b)",
      "        if not n:",
      "            break",
      "        v = m[:n]",
      "        h.update(v)",
      "        while v:",
      "            v = v[os.write(fd, v):]",
      "    os.close(fd)",
      "except OSError as e:",
      "    sys.stderr.write('%s: %s\\n' % (sys.argv[2], e.strerror))",
      "    sys.exit(4)",
      "except Exception as e:",
      "    sys.stderr.write('python3: %s: %s\\n' % (type(e).__name__, e))",
      "    sys.exit(4)",
      "print(h.hexdigest())",
      "");

  /** Shell text that, given a file after it, prints its SHA-256 in hex first: OpenSSL's, else coreutils'. */
  private static final String SHA256_FILE =
      "{ if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; } <";

  /**
   * The commit of a streamed put, on the context's own shell, once the hash the target
   * computed matched the source's: mode, owner, rename.
   */
  public static String putCommitChecked(String tmp, String dest, String mode, String owner) {
    return "t=" + quote(tmp) + "; dest=" + quote(dest) + "\n"
        + "chmod " + quote(mode) + " \"$t\" || { rm -f \"$t\"; exit 5; }\n"
        + (owner == null ? "" : "chown " + quote(owner) + " \"$t\" || { rm -f \"$t\"; exit 5; }\n")
        + "mv -f \"$t\" \"$dest\" || { rm -f \"$t\"; exit 6; }\n";
  }

  /** Removes a temporary whose hash did not match. */
  public static String discard(String tmp) {
    return "rm -f " + quote(tmp) + "\n";
  }



  /**
   * What a get asks first: {@code SIZE bytes mode}, the content in base64 when it is at most
   * {@code inlineMax} bytes, and {@code SHA hex} last.
   */
  public static String getInfo(String remote, long inlineMax) {
    return "f=" + quote(remote) + "\n"
        + "[ -e \"$f\" ] || { echo \"no such file: $f\" >&2; exit 2; }\n"
        + "[ -f \"$f\" ] || { echo \"not a regular file: $f\" >&2; exit 2; }\n"
        + "[ -r \"$f\" ] || { echo \"permission denied: $f\" >&2; exit 3; }\n"
        + "s=$(wc -c < \"$f\") || exit 3\n"
        + "m=$(stat -c %a \"$f\" 2>/dev/null || echo 644)\n"
        + "printf 'SIZE %s %s\\n' $s \"$m\"\n"
        + "[ \"$s\" -gt " + inlineMax + " ] || base64 < \"$f\" || exit 3\n"
        + "printf 'SHA %s\\n' \"$(" + SHA256_FILE + " \"$f\" | cut -c1-64)\"\n";
  }

  /** The data side of a streamed get: {@code GO}, then the file's bytes. */
  public static String getData(String remote) {
    return "printf 'GO\\n'; exec cat -- " + quote(remote);
  }

  /** The data side of a recursive get: {@code GO}, then a tar of the directory's content. */
  public static String getTree(String remote) {
    return "cd -- " + quote(remote) + " || exit 2; printf 'GO\\n'; exec tar -cf - .";
  }

  /**
   * The data side of a recursive put: unpacks a tar (with a {@code .fleetsh-manifest} of
   * SHA-256 sums) into a temporary directory beside {@code parent/name}, checks every sum, then
   * renames the tree into place, or each entry into an existing directory. Says {@code GO}
   * before reading and, when done, {@code GOT} with a dash for each of the temporary, the
   * destination and the hash that {@link #putData} gives (here there is nothing left to commit).
   */
  public static String putTree(String parent, String name, long size, String mode, String owner) {
    return "parent=" + quote(parent) + "; dest=\"$parent\"/" + quote(name) + "\n"
        + "[ -d \"$parent\" ] || { echo \"no such directory: $parent\" >&2; exit 2; }\n"
        + "t=$(mktemp -d \"$parent/.\"" + quote(name) + "\".fleetsh-XXXXXX\") || exit 3\n"
        + "printf 'GO\\n'\n"
        // tar reads on to the end of its input: head gives it exactly the archive.
        + "if ! head -c " + size + " | tar -xpf - -C \"$t\"; then rm -rf \"$t\"; exit 4; fi\n"
        + "if ! (cd \"$t\" && sha256sum -c .fleetsh-manifest >/dev/null); then rm -rf \"$t\";"
        + " echo \"checksum mismatch in $dest\" >&2; exit 4; fi\n"
        + "rm -f \"$t/.fleetsh-manifest\"\n"
        + (mode == null ? "" : "find \"$t\" -type f -exec chmod " + quote(mode) + " {} + || exit 5\n")
        + (owner == null ? "" : "chown -R " + quote(owner) + " \"$t\" || { rm -rf \"$t\"; exit 5; }\n")
        + "if [ ! -e \"$dest\" ]; then mv \"$t\" \"$dest\" || { rm -rf \"$t\"; exit 6; }\n"
        + "else\n"
        // Into an existing directory: each entry renamed over its old self, one mv per
        // directory where mv takes -t (GNU), else one per file.
        + "  if mv --version >/dev/null 2>&1; then\n"
        + "    (cd \"$t\" && find . -type d) | while IFS= read -r d; do mkdir -p \"$dest/$d\" &&"
        + " find \"$t/$d\" -mindepth 1 -maxdepth 1 ! -type d -exec mv -f -t \"$dest/$d\" {} + || exit 6;"
        + " done || { rm -rf \"$t\"; exit 6; }\n"
        + "  else\n"
        + "    (cd \"$t\" && find . -type d) | while IFS= read -r d; do mkdir -p \"$dest/$d\"; done\n"
        + "    (cd \"$t\" && find . ! -type d) | while IFS= read -r f; do"
        + " mv -f \"$t/$f\" \"$dest/$f\" || exit 6; done || { rm -rf \"$t\"; exit 6; }\n"
        + "  fi\n"
        + "  rm -rf \"$t\"\n"
        + "fi\n"
        + "printf 'GOT\\n-\\n-\\n-\\n'\n";
  }

}
