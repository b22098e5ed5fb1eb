package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TransferOptions;
import dev.fleetsh.shell.ExitCodes;
import dev.fleetsh.shell.TransferProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", separator = " ",
    description = "Copy local files to targets, atomically, checked by SHA-256.",
    footer = {"", "Each file lands in a temporary beside REMOTE and is renamed over it once its",
        "checksum matches: readers never see a partial file, and a failure leaves the old one.",
        "REMOTE may be a directory; %h in it becomes each target's host. With -r, a directory",
        "is copied into REMOTE, which must exist.", "",
        "Examples:",
        "  put app.conf @web /etc/app/",
        "  put -m 600 --owner root:root id_rsa.pub web01/sudo:root /root/.ssh/authorized_keys",
        "  put -r site/ @web /var/www"})
final class PutCommand extends ShellCommand {

  @Option(names = "-r", description = "Copy directories recursively.")
  boolean recursive;

  @Option(names = {"-m", "--mode"}, paramLabel = "MODE", description = "Octal mode (default: the source's).")
  String mode;

  @Option(names = "--owner", paramLabel = "USER:GROUP", description = "Owner to set (needs the rights).")
  String owner;

  @Parameters(arity = "3..*", paramLabel = "LOCAL... TARGETS REMOTE", description = "Files, targets, destination.")
  List<String> args;

  @Override
  public Integer call() {
    TransferOptions o;
    try {
      o = TransferOptions.defaults().withMode(mode).withOwner(owner).withRecursive(recursive);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String remote = args.get(args.size() - 1);
    List<Target> targets = session.expand(args.get(args.size() - 2));
    List<Path> locals = new ArrayList<>();
    for (String l : args.subList(0, args.size() - 2)) {
      Path p = Path.of(l);
      if (!Files.exists(p)) {
        throw new UsageException("no such local file: " + l);
      }
      if (Files.isDirectory(p) && !recursive) {
        throw new UsageException(l + " is a directory (put -r copies directories)");
      }
      locals.add(p);
    }
    int worst = ExitCodes.OK;
    for (Path p : locals) {
      try (TransferProgress progress = new TransferProgress(session.console(), "put " + p.getFileName(),
          size(p) * targets.size(), targets.size())) {
        Results r = session.fleet().put(targets, p, remote, o, progress);
        progress.end(r);
        worst = Math.max(worst, session.recordRun(r));
      }
    }
    return worst;
  }

  private static long size(Path p) {
    try (var s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return 0;
    }
  }
}
