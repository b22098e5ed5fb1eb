package dev.fleetsh.engine.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the jump host out of the ssh arguments an Ansible inventory passes to ssh. */
final class SshArgs {

  private static final Pattern PROXY_COMMAND_W = Pattern.compile(
      "(?:^|\\s)ssh\\s.*-W\\s*%h:%p.*?\\s([\\w.@:\\[\\]-]+)\\s*$");

  private SshArgs() {}

  /**
   * The ProxyJump value in {@code -J x}, {@code -o ProxyJump=x} or a
   * {@code -o ProxyCommand="ssh -W %h:%p x"}; null when there is none.
   */
  static String proxyJump(String args) {
    if (args == null || args.isBlank()) {
      return null;
    }
    List<String> words = split(args);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-J") && i + 1 < words.size()) {
        return words.get(i + 1);
      }
      if (w.startsWith("-J") && w.length() > 2) {
        return w.substring(2);
      }
      String opt = null;
      if (w.equals("-o") && i + 1 < words.size()) {
        opt = words.get(i + 1);
      } else if (w.startsWith("-o") && w.length() > 2) {
        opt = w.substring(2);
      }
      if (opt != null) {
        int eq = opt.indexOf('=');
        String key = eq > 0 ? opt.substring(0, eq) : opt.split("\\s+", 2)[0];
        String value = eq > 0 ? opt.substring(eq + 1) : opt.contains(" ") ? opt.split("\\s+", 2)[1] : "";
        if (key.equalsIgnoreCase("ProxyJump")) {
          return value.trim();
        }
        if (key.equalsIgnoreCase("ProxyCommand")) {
          Matcher m = PROXY_COMMAND_W.matcher(value.trim());
          if (m.find()) {
            return m.group(1);
          }
        }
      }
    }
    return null;
  }

  /** Splits shell-style, honouring single and double quotes. */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
