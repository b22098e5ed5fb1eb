package dev.fleetsh.engine;

import dev.fleetsh.engine.internal.Handshake;
import dev.fleetsh.engine.internal.HandshakeException;
import dev.fleetsh.engine.internal.ShellText;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sudo, su and doas hops of a target, as one channel command and one password handshake.
 *
 * <p>Each hop wraps the next, outermost first, around the announcing shell:
 * {@code sudo -S -p MARK -u root -- su carol -c '/bin/sh -c ...'}. The innermost shell
 * announces itself only once every hop has let it in, so nothing is written to it before.
 * sudo prompts with an unguessable marker on stderr; su and doas prompt as PAM does, in the C
 * locale. Each prompt is answered once, with the password of the account it is for (sudo and
 * doas: the invoking user; su: the target user), looked up as {@code USER@HOST} then
 * {@code USER}, else asked once. A second prompt for the same hop means a wrong password: the
 * start fails at once, so an account is never locked out by retries.
 */
final class AccountHops {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern PAM_PROMPT = Pattern.compile("([^\\n]*[Pp]assword[^\\n:]*:) ?$");

  /** One account hop: what it is, whose password its prompt wants, how it prompts. */
  record Step(HopKind kind, String user, String askUser, String marker, String describe) {}

  private final List<Step> steps;
  private final String host;

  private AccountHops(List<Step> steps, String host) {
    this.steps = steps;
    this.host = host;
  }

  /**
   * The account hops of {@code target} after its SSH hops.
   *
   * @param loginUser the user of the last SSH hop (or the local user)
   * @param host the host the hops run on, as the user named it (for secrets and messages)
   */
  static AccountHops of(Target target, String loginUser, String host) {
    List<Step> steps = new ArrayList<>();
    String current = loginUser;
    for (Hop h : target.hops()) {
      if (!h.kind().isAccount()) {
        continue;
      }
      String ask = h.kind() == HopKind.SU ? h.name() : current;
      byte[] raw = new byte[8];
      RANDOM.nextBytes(raw);
      String marker = "FLSHPW" + HexFormat.of().formatHex(raw) + ":";
      steps.add(new Step(h.kind(), h.name(), ask, marker,
          h.kind().word() + " to " + h.name() + " on " + host));
      current = h.name();
    }
    return new AccountHops(steps, host);
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The command that takes the channel through every hop to the announcing shell. */
  String command(String token) {
    String cmd = ShellText.announcingShell(token);
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step s = steps.get(i);
      String user = ShellText.quote(s.user());
      cmd = switch (s.kind()) {
        case SUDO -> "sudo -S -p " + ShellText.quote(s.marker()) + " -u " + user + " -- " + cmd;
        // The C locale makes PAM's prompt "Password:"; inside, it is dropped again.
        case SU -> "env LC_ALL=C su " + user + " -c " + ShellText.quote("unset LC_ALL; exec " + cmd);
        case DOAS -> "env LC_ALL=C doas -u " + user + " " + cmd;
        default -> throw new IllegalStateException(s.kind().word());
      };
    }
    return cmd;
  }

  /** Answers the hops' prompts from {@code secrets}, else {@code prompter}, once each. */
  Handshake handshake(SecretStore secrets, Prompter prompter) {
    boolean[] answered = new boolean[steps.size()];
    Object promptLock = AccountHops.class;
    return new Handshake() {
      @Override
      public int early(String text, Consumer<byte[]> reply) throws IOException {
        for (int i = 0; i < steps.size(); i++) {
          Step s = steps.get(i);
          if (s.kind() == HopKind.SUDO) {
            int at = text.indexOf(s.marker());
            if (at >= 0) {
              answer(i, reply);
              return at + s.marker().length();
            }
          }
        }
        Matcher m = PAM_PROMPT.matcher(text);
        if (m.find()) {
          int next = -1;
          for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() != HopKind.SUDO && !answered[i]) {
              next = i;
              break;
            }
          }
          if (next < 0) {
            next = lastPam();
          }
          if (next >= 0) {
            answer(next, reply);
            return text.length();
          }
        }
        return 0;
      }

      private int lastPam() {
        for (int i = steps.size() - 1; i >= 0; i--) {
          if (steps.get(i).kind() != HopKind.SUDO) {
            return i;
          }
        }
        return -1;
      }

      private void answer(int i, Consumer<byte[]> reply) throws IOException {
        Step s = steps.get(i);
        if (answered[i]) {
          throw new HandshakeException(s.describe() + ": wrong password for " + s.askUser());
        }
        answered[i] = true;
        Secret pw = secrets.password(s.askUser(), host);
        if (pw == null) {
          synchronized (promptLock) {
            pw = secrets.password(s.askUser(), host);
            if (pw == null) {
              pw = prompter.ask(s.kind() == HopKind.SUDO
                  ? "[sudo] password for " + s.askUser() + "@" + host + ": "
                  : "Password for " + s.askUser() + "@" + host + " (" + s.kind().word() + "): ");
              if (pw != null) {
                secrets.put(s.askUser() + "@" + host, pw);
              }
            }
          }
        }
        if (pw == null) {
          throw new HandshakeException(s.describe() + " needs the password of " + s.askUser()
              + ": give it with --secrets as " + s.askUser() + "@" + host + " = ...");
        }
        reply.accept(pw.revealLine());
      }

      @Override
      public IOException ended(String stderr) {
        // su and doas end instead of prompting again.
        if (stderr.contains("Authentication failure") || stderr.contains("Authentication failed")
            || stderr.contains("Authorization failed") || stderr.contains("incorrect password")) {
          for (int i = steps.size() - 1; i >= 0; i--) {
            if (answered[i]) {
              return new HandshakeException(steps.get(i).describe() + ": wrong password for "
                  + steps.get(i).askUser());
            }
          }
          for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() != HopKind.SUDO) {
              // It gave up without asking: this su or doas reads passwords from a terminal only.
              return new HandshakeException(steps.get(i).describe() + ": it asks for the password"
                  + " on a terminal only, which fleetsh does not give it; use a rule that needs"
                  + " no password (doas nopass) or sudo");
            }
          }
        }
        for (Step s : steps) {
          if (stderr.contains("is not in the sudoers file") || stderr.contains("not allowed")
              || stderr.contains("Operation not permitted")) {
            return new HandshakeException(s.describe() + ": not permitted: " + lastLine(stderr));
          }
        }
        return null;
      }
    };
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }
}
