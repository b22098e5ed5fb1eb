package dev.fleetsh.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell does for quoting ('...', "...", \x),
 * remembering where each word starts so that a command can take the rest of the line verbatim.
 */
public final class Words {

  /** One word: its unquoted text and the offset of its first character in the line. */
  public record Word(String text, int start) {}

  private Words() {}

  /**
   * @throws IllegalArgumentException naming the position of an unclosed quote
   */
  public static List<Word> split(String line) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      StringBuilder w = new StringBuilder();
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        char c = line.charAt(i);
        if (c == '\'' || c == '"') {
          int close = line.indexOf(c, i + 1);
          while (c == '"' && close > 0 && line.charAt(close - 1) == '\\') {
            close = line.indexOf(c, close + 1);
          }
          if (close < 0) {
            throw new IllegalArgumentException("unclosed " + (c == '\'' ? "single" : "double")
                + " quote at position " + (i + 1));
          }
          String inner = line.substring(i + 1, close);
          w.append(c == '"' ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner);
          i = close + 1;
        } else if (c == '\\' && i + 1 < n) {
          w.append(line.charAt(i + 1));
          i += 2;
        } else {
          w.append(c);
          i++;
        }
      }
      words.add(new Word(w.toString(), start));
    }
    return words;
  }
}
