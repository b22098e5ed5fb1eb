package dev.fleetsh.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Host-name patterns with numeric ranges, as ClusterShell's NodeSet writes them:
 * {@code web[01-20]} (zero padding kept), {@code node[1-9/2,15]} (lists and steps),
 * {@code rack[1-2]node[01-04]} (several dimensions). {@link #expand} turns a pattern into names;
 * {@link #fold} turns names back into the shortest such pattern, so the two round-trip.
 *
 * <p>Written by hand: no maintained Java library implements ClusterShell's syntax.
 */
public final class NodeSet {

  /** The most names one pattern may expand to, so a typo cannot exhaust memory. */
  public static final int MAX_EXPANSION = 1_000_000;

  private NodeSet() {}

  /**
   * Expands every bracketed range of {@code pattern}, in order: {@code a[1-2]b[1-2]} gives
   * {@code a1b1, a1b2, a2b1, a2b2}. Text outside brackets is kept as it is.
   *
   * @throws TargetSyntaxException pointing at a malformed range
   */
  public static List<String> expand(String pattern) {
    return expand(pattern, pattern, 0);
  }

  static List<String> expand(String pattern, String input, int base) {
    List<StringBuilder> acc = new ArrayList<>();
    acc.add(new StringBuilder());
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == ']') {
        throw new TargetSyntaxException("']' without '['", input, base + i);
      }
      if (c != '[') {
        for (StringBuilder b : acc) {
          b.append(c);
        }
        i++;
        continue;
      }
      int close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        throw new TargetSyntaxException("unclosed '['", input, base + i);
      }
      if (pattern.indexOf('[', i + 1) >= 0 && pattern.indexOf('[', i + 1) < close) {
        throw new TargetSyntaxException("'[' inside a range", input, base + pattern.indexOf('[', i + 1));
      }
      String body = pattern.substring(i + 1, close);
      if (body.indexOf(':') >= 0) {
        // An IPv6 address in brackets, as in [2001:db8::1]:22: not a range.
        for (StringBuilder b : acc) {
          b.append('[').append(body).append(']');
        }
        i = close + 1;
        continue;
      }
      List<String> values = rangeValues(body, input, base + i + 1);
      if ((long) acc.size() * values.size() > MAX_EXPANSION) {
        throw new TargetSyntaxException("expands to more than " + MAX_EXPANSION + " names",
            input, base + i);
      }
      List<StringBuilder> next = new ArrayList<>(acc.size() * values.size());
      for (StringBuilder b : acc) {
        for (String v : values) {
          next.add(new StringBuilder(b).append(v));
        }
      }
      acc = next;
      i = close + 1;
    }
    List<String> out = new ArrayList<>(acc.size());
    acc.forEach(b -> out.add(b.toString()));
    return out;
  }

  /** The values of one range body such as {@code 01-04,07,10-20/5}. */
  private static List<String> rangeValues(String body, String input, int at) {
    if (body.isEmpty()) {
      throw new TargetSyntaxException("empty range '[]'", input, at - 1);
    }
    List<String> out = new ArrayList<>();
    int pos = 0;
    for (String part : body.split(",", -1)) {
      int partAt = at + pos;
      pos += part.length() + 1;
      if (part.isEmpty()) {
        throw new TargetSyntaxException("empty element in range", input, partAt);
      }
      int step = 1;
      String span = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), input, partAt + slash + 1);
        if (step < 1) {
          throw new TargetSyntaxException("a step is at least 1", input, partAt + slash + 1);
        }
        span = part.substring(0, slash);
      }
      int dash = span.indexOf('-');
      if (dash < 0) {
        if (slash >= 0) {
          throw new TargetSyntaxException("a step needs a range such as 1-9/2", input, partAt);
        }
        number(span, input, partAt);
        out.add(span);
        continue;
      }
      String lo = span.substring(0, dash);
      String hi = span.substring(dash + 1);
      int a = number(lo, input, partAt);
      int b = number(hi, input, partAt + dash + 1);
      if (b < a) {
        throw new TargetSyntaxException("range " + lo + "-" + hi + " runs backwards", input, partAt);
      }
      if ((long) (b - a) / step + out.size() >= MAX_EXPANSION) {
        throw new TargetSyntaxException("range too large", input, partAt);
      }
      int width = lo.length() > 1 && lo.charAt(0) == '0' ? lo.length() : 0;
      for (int v = a; v <= b; v += step) {
        out.add(pad(v, width));
      }
    }
    return out;
  }

  private static int number(String s, String input, int at) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      throw new TargetSyntaxException("expected a number, not '" + s + "'", input, at);
    }
    return Integer.parseInt(s);
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  /**
   * Folds names into patterns, ClusterShell style: {@code web01,web02,web03,web07} gives
   * {@code web[01-03,07]}; a full grid folds on several dimensions. Patterns are sorted and
   * joined by commas. Names that share no pattern stay as they are.
   */
  public static String fold(Collection<String> names) {
    // Group names by their text with the numbers taken out.
    Map<String, List<Parsed>> bySkeleton = new LinkedHashMap<>();
    for (String name : new TreeSet<>(names)) {
      Parsed p = Parsed.of(name);
      bySkeleton.computeIfAbsent(p.skeleton(), k -> new ArrayList<>()).add(p);
    }
    List<String> out = new ArrayList<>();
    for (List<Parsed> sameText : bySkeleton.values()) {
      // Then by padding: 01..09 and 10 fold together (width 2); 1 and 01 do not.
      int dims = sameText.get(0).numbers.length;
      List<TreeSet<Integer>> padded = new ArrayList<>();
      for (int d = 0; d < dims; d++) {
        TreeSet<Integer> widths = new TreeSet<>();
        for (Parsed p : sameText) {
          if (isPadded(p.numbers[d])) {
            widths.add(p.numbers[d].length());
          }
        }
        padded.add(widths);
      }
      Map<String, List<Parsed>> byWidth = new LinkedHashMap<>();
      for (Parsed p : sameText) {
        StringBuilder k = new StringBuilder();
        for (int d = 0; d < dims; d++) {
          String num = p.numbers[d];
          Integer w = isPadded(num) ? Integer.valueOf(num.length()) : padded.get(d).floor(num.length());
          k.append(w == null ? 0 : w).append(',');
        }
        byWidth.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(p);
      }
      for (List<Parsed> g : byWidth.values()) {
        out.addAll(foldGroup(g));
      }
    }
    out.sort(NATURAL);
    return String.join(",", out);
  }

  private static boolean isPadded(String num) {
    return num.length() > 1 && num.charAt(0) == '0';
  }

  /** Folds names of one shape, from the last number backwards, merging equal tails. */
  private static List<String> foldGroup(List<Parsed> group) {
    Parsed first = group.get(0);
    int dims = first.numbers.length;
    if (dims == 0) {
      return List.of(first.text.get(0));
    }
    // Each item: the numbers not folded yet, and the folded ranges of the later dimensions.
    Map<String, Item> items = new LinkedHashMap<>();
    for (Parsed p : group) {
      Item it = new Item(p.numbers, List.of());
      items.put(it.key(dims), it);
    }
    for (int d = dims - 1; d >= 0; d--) {
      Map<String, List<Item>> byRest = new LinkedHashMap<>();
      for (Item it : items.values()) {
        StringBuilder k = new StringBuilder();
        for (int j = 0; j < d; j++) {
          k.append(it.numbers[j]).append('|');
        }
        k.append(String.join("|", it.folded));
        byRest.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(it);
      }
      Map<String, Item> next = new LinkedHashMap<>();
      for (List<Item> same : byRest.values()) {
        List<String> vals = new ArrayList<>();
        for (Item it : same) {
          vals.add(it.numbers[d]);
        }
        List<String> folded = new ArrayList<>();
        folded.add(rangeString(vals));
        folded.addAll(same.get(0).folded);
        Item merged = new Item(same.get(0).numbers, folded);
        next.put(merged.key(d), merged);
      }
      items = next;
    }
    List<String> out = new ArrayList<>();
    for (Item it : items.values()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < dims; i++) {
        b.append(first.text.get(i));
        String r = it.folded.get(i);
        b.append(r.indexOf(',') < 0 && r.indexOf('-') < 0 ? r : "[" + r + "]");
      }
      b.append(first.text.get(dims));
      out.add(b.toString());
    }
    return out;
  }

  /** {@code 01,02,03,07} gives {@code 01-03,07}; values share one width. */
  private static String rangeString(List<String> values) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(values));
    sorted.sort(Comparator.comparingInt(Integer::parseInt));
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size()
          && Integer.parseInt(sorted.get(j + 1)) == Integer.parseInt(sorted.get(j)) + 1) {
        j++;
      }
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(sorted.get(i));
      if (j > i) {
        b.append('-').append(sorted.get(j));
      }
      i = j + 1;
    }
    return b.toString();
  }

  /** Orders names as people do: {@code web2} before {@code web10}; no allocation per call. */
  public static final Comparator<String> NATURAL = NodeSet::compareNatural;

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    int na = a.length();
    int nb = b.length();
    while (i < na && j < nb) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < na && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < nb && isDigit(b.charAt(j))) {
          j++;
        }
        // Compare the numbers' values without their leading zeros, then their widths.
        int zi = si;
        while (zi < i - 1 && a.charAt(zi) == '0') {
          zi++;
        }
        int zj = sj;
        while (zj < j - 1 && b.charAt(zj) == '0') {
          zj++;
        }
        int c = Integer.compare(i - zi, j - zj);
        for (int k = 0; c == 0 && k < i - zi; k++) {
          c = Character.compare(a.charAt(zi + k), b.charAt(zj + k));
        }
        if (c == 0) {
          c = Integer.compare(i - si, j - sj);
        }
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(na - i, nb - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A name split into text and numbers: {@code rack1node04} is [rack, node, ""] and [1, 04]. */
  private record Parsed(List<String> text, String[] numbers) {

    static Parsed of(String name) {
      List<String> text = new ArrayList<>();
      List<String> nums = new ArrayList<>();
      StringBuilder t = new StringBuilder();
      int i = 0;
      while (i < name.length()) {
        char c = name.charAt(i);
        if (Character.isDigit(c) && c < 128) {
          int s = i;
          while (i < name.length() && Character.isDigit(name.charAt(i)) && name.charAt(i) < 128) {
            i++;
          }
          String num = name.substring(s, i);
          if (num.length() > 9) {
            t.append(num);
            continue;
          }
          text.add(t.toString());
          t.setLength(0);
          nums.add(num);
        } else {
          t.append(c);
          i++;
        }
      }
      text.add(t.toString());
      return new Parsed(text, nums.toArray(String[]::new));
    }

    /** The text with the numbers taken out: only names of one skeleton can fold together. */
    String skeleton() {
      return String.join("\u0000", text);
    }
  }

  private record Item(String[] numbers, List<String> folded) {
    String key(int upTo) {
      StringBuilder k = new StringBuilder();
      for (int j = 0; j < upTo; j++) {
        k.append(numbers[j]).append('|');
      }
      return k.append(String.join("|", folded)).toString();
    }
  }
}
