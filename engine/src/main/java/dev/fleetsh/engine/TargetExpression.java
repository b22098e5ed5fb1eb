package dev.fleetsh.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Evaluates target expressions, ClusterShell's NodeSet language over fleetsh's targets:
 * <ul>
 *   <li>terms: host patterns with ranges ({@code web[01-20]}), {@code user@host:port},
 *       {@code @group} (also {@code @all}, and {@code @ok}, {@code @failed},
 *       {@code @unreachable} from the last command), globs over known hosts ({@code web*});
 *   <li>a hop path after a term applies to each member: {@code @web/sudo:postgres},
 *       {@code web01/su:user[01-20]};
 *   <li>operators, evaluated left to right: {@code ,} union, {@code !} difference,
 *       {@code &} intersection, {@code ^} symmetric difference.
 * </ul>
 */
final class TargetExpression {

  /** Where group names and known hosts come from. */
  interface Scope {
    /** The members of a group, or null when there is no such group. */
    Set<String> group(String name);

    /** Every host name a glob may match. */
    Collection<String> knownHosts();
  }

  private TargetExpression() {}

  /** The targets of {@code input}, in natural order; empty when it matches nothing. */
  static List<Target> evaluate(String input, Scope scope) {
    if (input.isBlank()) {
      throw new TargetSyntaxException("empty target expression", input, 0);
    }
    Map<String, Target> parsed = new HashMap<>();
    Set<String> acc = null;
    char op = ',';
    int i = 0;
    int n = input.length();
    while (true) {
      int start = i;
      int depth = 0;
      while (i < n) {
        char c = input.charAt(i);
        if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
        } else if (depth == 0 && isOperator(c)) {
          break;
        }
        i++;
      }
      if (i == start) {
        throw new TargetSyntaxException(acc == null ? "expected a target"
            : "'" + op + "' needs a target after it", input, start);
      }
      Set<String> term = term(input.substring(start, i), input, start, scope, parsed);
      acc = acc == null ? term : apply(op, acc, term);
      if (i >= n) {
        break;
      }
      op = input.charAt(i);
      i++;
      if (i >= n) {
        throw new TargetSyntaxException("'" + op + "' needs a target after it", input, i - 1);
      }
    }
    List<Target> out = new ArrayList<>(acc.size());
    for (String path : acc) {
      out.add(parsed.get(path));
    }
    return out;
  }

  private static boolean isOperator(char c) {
    return c == ',' || c == '!' || c == '&' || c == '^';
  }

  private static Set<String> apply(char op, Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(NodeSet.NATURAL);
    switch (op) {
      case ',' -> {
        out.addAll(a);
        out.addAll(b);
      }
      case '!' -> {
        out.addAll(a);
        out.removeAll(b);
      }
      case '&' -> {
        out.addAll(a);
        out.retainAll(b);
      }
      default -> {
        out.addAll(a);
        out.addAll(b);
        Set<String> both = new LinkedHashSet<>(a);
        both.retainAll(b);
        out.removeAll(both);
      }
    }
    return out;
  }

  private static Set<String> term(String t, String input, int at, Scope scope,
      Map<String, Target> parsed) {
    int slash = slashOutsideBrackets(t);
    String head = slash < 0 ? t : t.substring(0, slash);
    List<String> suffixes = slash < 0 ? List.of("")
        : NodeSet.expand(t.substring(slash), input, at + slash);
    List<String> heads;
    if (head.startsWith("@")) {
      String name = head.substring(1);
      if (name.isEmpty()) {
        throw new TargetSyntaxException("'@' needs a group name", input, at);
      }
      Set<String> members = scope.group(name);
      if (members == null) {
        throw new TargetSyntaxException("no group '" + name + "'", input, at);
      }
      heads = new ArrayList<>(members);
    } else if (hasGlob(head)) {
      heads = glob(head, scope);
    } else {
      heads = NodeSet.expand(head, input, at);
    }
    Set<String> out = new TreeSet<>(NodeSet.NATURAL);
    for (String h : heads) {
      for (String s : suffixes) {
        String path = h + s;
        try {
          if (!parsed.containsKey(path)) {
            parsed.put(path, Target.parse(path));
          }
        } catch (TargetSyntaxException e) {
          int pos = path.equals(t) ? at + e.position() : at;
          throw new TargetSyntaxException(e.reason(), input, pos);
        }
        out.add(path);
      }
    }
    return out;
  }

  private static int slashOutsideBrackets(String t) {
    int depth = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '/' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasGlob(String head) {
    return head.indexOf('*') >= 0 || head.indexOf('?') >= 0;
  }

  /** Matches {@code [user@]glob[:port]} against the known host names. */
  private static List<String> glob(String head, Scope scope) {
    String user = "";
    String rest = head;
    int atSign = head.lastIndexOf('@');
    if (atSign > 0) {
      user = head.substring(0, atSign + 1);
      rest = head.substring(atSign + 1);
    }
    String port = "";
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && rest.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      port = rest.substring(colon);
      rest = rest.substring(0, colon);
    }
    StringBuilder re = new StringBuilder();
    for (char c : rest.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    Pattern p = Pattern.compile(re.toString());
    List<String> out = new ArrayList<>();
    for (String h : scope.knownHosts()) {
      if (p.matcher(h).matches()) {
        out.add(user + h + port);
      }
    }
    return out;
  }
}
