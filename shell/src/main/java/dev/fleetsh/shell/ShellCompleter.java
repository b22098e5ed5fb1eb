package dev.fleetsh.shell;

import dev.fleetsh.engine.HopKind;
import dev.fleetsh.engine.NodeInfo;
import dev.fleetsh.engine.inventory.Inventory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes command names in first position, then targets: host names, {@code @groups}, hop
 * kinds after a {@code /}. Inside an expression only its last term is completed, so
 * {@code web01,@d<TAB>} offers {@code web01,@db}.
 */
final class ShellCompleter implements Completer {

  private final Session session;

  ShellCompleter(Session session) {
    this.session = session;
  }

  /** What {@code =} lines can call: the fleet object's methods and the script's own. */
  private static final List<String> GROOVY = groovyWords();

  private static List<String> groovyWords() {
    Set<String> out = new java.util.TreeSet<>();
    for (java.lang.reflect.Method m : dev.fleetsh.shell.script.ScriptFleet.class.getMethods()) {
      if (m.getDeclaringClass() == dev.fleetsh.shell.script.ScriptFleet.class) {
        out.add("fleet." + m.getName() + "(");
      }
    }
    for (java.lang.reflect.Method m : dev.fleetsh.shell.script.FleetScript.class.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
        out.add(m.getName() + "(");
      }
    }
    out.add("fleet");
    return List.copyOf(out);
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.line().startsWith("=")) {
      String word = line.word();
      String prefix = word.startsWith("=") ? "=" : "";
      for (String g : GROOVY) {
        candidates.add(new Candidate(prefix + g, g, "groovy", null, null, null, false));
      }
      return;
    }
    if (line.wordIndex() == 0) {
      session.commands().keySet().forEach(c -> candidates.add(new Candidate(c)));
      return;
    }
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    int cut = Math.max(Math.max(word.lastIndexOf(','), word.lastIndexOf('!')),
        Math.max(word.lastIndexOf('&'), word.lastIndexOf('^')));
    String before = word.substring(0, cut + 1);
    String term = word.substring(cut + 1);
    int slash = term.lastIndexOf('/');
    if (slash >= 0) {
      String base = before + term.substring(0, slash + 1);
      for (HopKind k : HopKind.values()) {
        if (k != HopKind.LOCAL) {
          candidates.add(new Candidate(base + k.word() + ":", k.word() + ":", "hops", null, null,
              null, false));
        }
      }
      return;
    }
    for (String t : targetWords()) {
      candidates.add(new Candidate(before + t, t, t.startsWith("@") ? "groups" : "hosts", null,
          null, null, true));
    }
  }

  private Set<String> targetWords() {
    Set<String> out = new LinkedHashSet<>();
    out.add("local");
    Inventory inv = session.fleet().inventory();
    out.addAll(inv.hostNames());
    for (String g : inv.groupNames()) {
      out.add("@" + g);
    }
    out.add("@ok");
    out.add("@failed");
    out.add("@unreachable");
    for (NodeInfo n : session.fleet().tree()) {
      out.add(n.target().path());
    }
    return out;
  }
}
