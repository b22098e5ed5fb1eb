package dev.fleetsh.engine.internal;

import java.util.Set;

/**
 * The shell text fleetsh writes to a persistent POSIX shell: quoting, the wrapper around each
 * command, and the test for commands that may run without a subshell.
 */
public final class ShellText {

  /**
   * Builtins that change the shell's own state, or read its stdin, or end it: never run
   * directly in the persistent shell, always inside a subshell.
   */
  private static final Set<String> STATEFUL = Set.of(
      "exit", "exec", "cd", "set", "unset", "export", "readonly", "shift", "trap", "umask",
      "ulimit", "alias", "unalias", "return", "break", "continue", "read", "wait", "eval",
      "source", ".", "local", "hash", "getopts", "jobs", "fg", "bg", "times", "builtin",
      "command", "let", "declare", "typeset", "newgrp", "logout", "disown",
      "pushd", "popd", "shopt", "enable", "history", "fc", "suspend", "login");

  private ShellText() {}

  /** Quotes {@code s} as one single-quoted shell word. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        b.append("'\\''");
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  /**
   * True when {@code command} is plain words that the persistent shell may run directly: no
   * expansions, operators, redirections or assignments, balanced single quotes, and not a
   * builtin that changes the shell's state. Such a command costs no extra fork.
   */
  public static boolean isSimple(String command) {
    String first = null;
    int i = 0;
    int n = command.length();
    while (i < n) {
      while (i < n && command.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder word = new StringBuilder();
      while (i < n && command.charAt(i) != ' ') {
        char c = command.charAt(i);
        if (c == '\'') {
          int close = command.indexOf('\'', i + 1);
          if (close < 0) {
            return false;
          }
          word.append(command, i + 1, close);
          i = close + 1;
          continue;
        }
        if (!isPlainChar(c)) {
          return false;
        }
        word.append(c);
        i++;
      }
      if (first == null) {
        first = word.toString();
        if (first.isEmpty() || first.indexOf('=') >= 0 || STATEFUL.contains(first)) {
          return false;
        }
      }
    }
    return first != null;
  }

  private static boolean isPlainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "_-./:,+@%=^*?[]~".indexOf(c) >= 0;
  }

  /**
   * Shell code that announces a fresh shell and its process id, then becomes the persistent
   * {@code /bin/sh}: {@code $$} stays the same across the exec.
   */
  public static String announce(String token) {
    return "printf '" + token + "ready:%d\\n' \"$$\"; exec /bin/sh";
  }

  /** {@code /bin/sh -c '<announce>'}: the innermost command of every context. */
  public static String announcingShell(String token) {
    return "/bin/sh -c " + quote(announce(token));
  }

  /**
   * The text that runs one command and then prints the end markers: the exit status on stdout
   * and a bare marker on stderr, so that the controller knows both streams are drained.
   */
  public static String wrap(String token, long seq, String command) {
    String run = isSimple(command)
        ? command + " </dev/null"
        : "( eval " + quote(command) + " ) </dev/null";
    return run + "\nprintf '" + token + seq + ":%d\\n' \"$?\"; printf '" + token + seq
        + "\\n' >&2\n";
  }

  /**
   * A script that stops every descendant of process {@code pid} (not the process itself).
   *
   * <p>It first freezes the tree with SIGSTOP, round after round, until a round finds no
   * process it has not stopped: a stopped process cannot fork, and no process is killed before
   * its children are known, so no child escapes by being orphaned (reparented away from the
   * tree) while the tree is walked. Then TERM and CONT go to all of them, and KILL to those of
   * them left after a grace second: only to those, for once the command has ended, the shell may
   * already run the next one. Uses ps where it has -o, else /proc.
   */
  public static String killTree(int pid) {
    // Zombies are skipped: they are already dead and only wait for a parent to reap them.
    return "fl_pairs() { ps -A -o pid= -o ppid= -o stat= 2>/dev/null || for s in /proc/[0-9]*/stat; do"
        + " read -r p c st pp rest < \"$s\" 2>/dev/null && echo \"$p $pp $st\"; done; }\n"
        + "fl_desc() { fl_pairs | awk -v root=" + pid + " '$3 !~ /^Z/ { par[$1] = $2 } END {"
        + " for (p in par) { q = p; n = 0; while ((q in par) && q != root && n++ < 64) q = par[q];"
        + " if (q == root && p != root) print p } }' | sort -n; }\n"
        + "fl_seen=; i=0; while [ $i -lt 50 ]; do fl_k=$(fl_desc); [ \"$fl_k\" = \"$fl_seen\" ] && break;"
        + " kill -STOP $fl_k 2>/dev/null; fl_seen=$fl_k; i=$((i+1)); done\n"
        + "[ -z \"$fl_seen\" ] || { kill -TERM $fl_seen 2>/dev/null; kill -CONT $fl_seen 2>/dev/null; }\n"
        + "fl_left() { fl_pairs | awk -v set=\" $(echo $fl_seen) \" '$3 !~ /^Z/ && index(set, \" \" $1 \" \")"
        + " { print $1 }'; }\n"
        + "i=0; while [ -n \"$fl_seen\" ] && [ $i -lt 20 ]; do fl_k=$(fl_left); [ -z \"$fl_k\" ] && break;"
        + " sleep 0.05 2>/dev/null || sleep 1; i=$((i+1)); done\n"
        + "[ -z \"$fl_seen\" ] || { fl_k=$(fl_left); [ -z \"$fl_k\" ] || kill -KILL $fl_k 2>/dev/null; }; true";
  }

}
