package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.TransferOptions;
import dev.fleetsh.shell.TransferProgress;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", separator = " ",
    description = "Copy a file from targets into LOCALDIR/<target>/, checked by SHA-256.",
    footer = {"", "Each target's copy goes to its own directory (a / in the target becomes _), so",
        "many targets never overwrite each other. With -r, REMOTE is a directory.", "",
        "Examples:",
        "  get @web /etc/os-release ./facts",
        "  get -r web01/sudo:root /etc/nginx ./configs"})
final class GetCommand extends ShellCommand {

  @Option(names = "-r", description = "Copy a directory recursively.")
  boolean recursive;

  @Parameters(index = "0", paramLabel = "TARGETS", description = "A target expression.")
  String targets;

  @Parameters(index = "1", paramLabel = "REMOTE", description = "The remote file or directory.")
  String remote;

  @Parameters(index = "2", paramLabel = "LOCALDIR", description = "Where copies go.")
  String localDir;

  @Override
  public Integer call() {
    List<Target> list = session.expand(targets);
    try (TransferProgress progress = new TransferProgress(session.console(), "get " + remote, 0,
        list.size())) {
      Results r = session.fleet().get(list, remote, Path.of(localDir),
          TransferOptions.defaults().withRecursive(recursive), progress);
      progress.end(r);
      return session.recordRun(r);
    }
  }
}
