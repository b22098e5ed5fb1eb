package dev.fleetsh.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one target path: hops joined by {@code /};
 * a hop is {@code kind:name}, and a bare first hop is an SSH host {@code [user@]host[:port]}
 * (an IPv6 address goes in brackets).
 */
final class TargetParser {

  private TargetParser() {}

  static Target parsePath(String input, int base) {
    if (input.isEmpty()) {
      throw new TargetSyntaxException("empty target", input, 0);
    }
    List<Hop> hops = new ArrayList<>();
    int start = 0;
    while (start <= input.length()) {
      int slash = input.indexOf('/', start);
      int end = slash < 0 ? input.length() : slash;
      String seg = input.substring(start, end);
      hops.add(parseHop(input, seg, start, hops.isEmpty()));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (hops.size() > 1 && hops.stream().skip(1).anyMatch(h -> h.kind() == HopKind.LOCAL)) {
      throw new TargetSyntaxException("'local' can only be the first hop", input, 0);
    }
    return Target.of(hops);
  }

  private static Hop parseHop(String input, String seg, int at, boolean first) {
    if (seg.isEmpty()) {
      throw new TargetSyntaxException("empty hop", input, at);
    }
    if (seg.equals("local")) {
      if (!first) {
        throw new TargetSyntaxException("'local' can only be the first hop", input, at);
      }
      return Hop.local();
    }
    int colon = seg.indexOf(':');
    if (colon > 0 && seg.charAt(0) != '[') {
      String word = seg.substring(0, colon);
      var kind = HopKind.fromWord(word);
      if (kind.isPresent()) {
        String name = seg.substring(colon + 1);
        if (name.isEmpty()) {
          throw new TargetSyntaxException("'" + word + ":' needs a name", input, at + colon + 1);
        }
        if (kind.get() == HopKind.SSH) {
          return parseSsh(input, name, at + colon + 1);
        }
        if (kind.get() == HopKind.LOCAL) {
          throw new TargetSyntaxException("'local' takes no name", input, at);
        }
        checkName(input, name, at + colon + 1);
        return Hop.of(kind.get(), name);
      }
      if (!first && word.chars().allMatch(Character::isLetter)) {
        throw new TargetSyntaxException("unknown hop kind '" + word + "'", input, at);
      }
    }
    if (!first) {
      throw new TargetSyntaxException("a hop after the first needs a kind, as in ssh:" + seg,
          input, at);
    }
    return parseSsh(input, seg, at);
  }

  private static Hop parseSsh(String input, String s, int at) {
    String user = null;
    int hostAt = 0;
    int atSign = s.lastIndexOf('@');
    if (atSign >= 0) {
      user = s.substring(0, atSign);
      if (user.isEmpty()) {
        throw new TargetSyntaxException("empty user before '@'", input, at);
      }
      checkName(input, user, at);
      hostAt = atSign + 1;
    }
    String rest = s.substring(hostAt);
    String host;
    int port = 0;
    String portText = null;
    int portAt = 0;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new TargetSyntaxException("unclosed '['", input, at + hostAt);
      }
      host = rest.substring(1, close);
      if (close + 1 < rest.length()) {
        if (rest.charAt(close + 1) != ':') {
          throw new TargetSyntaxException("expected ':' after ']'", input, at + hostAt + close + 1);
        }
        portText = rest.substring(close + 2);
        portAt = at + hostAt + close + 2;
      }
    } else {
      int colon = rest.indexOf(':');
      if (colon >= 0) {
        host = rest.substring(0, colon);
        portText = rest.substring(colon + 1);
        portAt = at + hostAt + colon + 1;
      } else {
        host = rest;
      }
    }
    if (host.isEmpty()) {
      throw new TargetSyntaxException("empty host name", input, at + hostAt);
    }
    checkName(input, host, at + hostAt);
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new TargetSyntaxException("port must be a number from 1 to 65535", input, portAt);
      }
    }
    return Hop.ssh(user, host, port);
  }

  private static void checkName(String input, String name, int at) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || c == '/' || c == ',' || c == '\'' || c == '"'
          || c == '$' || c == '`' || c == ';' || c == '|' || c == '&' || c == '\\') {
        throw new TargetSyntaxException("unexpected '" + c + "'", input, at + i);
      }
    }
  }
}
