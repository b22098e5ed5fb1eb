package dev.fleetsh.shell;

import dev.fleetsh.engine.HopKind;
import dev.fleetsh.engine.NodeInfo;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes command names in first position and target names after them. */
final class ShellCompleter implements Completer {

  private final Session session;

  ShellCompleter(Session session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() == 0) {
      session.commands().keySet().forEach(c -> candidates.add(new Candidate(c)));
      return;
    }
    if (line.wordIndex() >= 1) {
      candidates.add(new Candidate("local"));
      for (NodeInfo n : session.fleet().tree()) {
        candidates.add(new Candidate(n.target().path()));
      }
      String word = line.word();
      int slash = word.lastIndexOf('/');
      if (slash >= 0) {
        String base = word.substring(0, slash + 1);
        for (HopKind k : HopKind.values()) {
          if (k != HopKind.LOCAL) {
            candidates.add(new Candidate(base + k.word() + ":", base + k.word() + ":", null, null,
                null, null, false));
          }
        }
      }
    }
  }
}
