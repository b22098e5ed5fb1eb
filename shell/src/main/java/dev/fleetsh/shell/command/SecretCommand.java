package dev.fleetsh.shell.command;

import dev.fleetsh.engine.Secret;
import dev.fleetsh.shell.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "secret", description = "Set a secret (asked masked) or list their names.",
    footer = {"", "Account passwords are looked up as USER@HOST, then USER: sudo and doas want",
        "the invoking user's, su the target user's, ssh the login user's. Other names are for",
        "scripts. Values are never printed; --secrets FILE loads NAME = VALUE lines.", "",
        "Examples:", "  secret set alice@web01", "  secret set deploy-token", "  secret list"})
final class SecretCommand extends ShellCommand {

  @Parameters(index = "0", paramLabel = "set|list", description = "What to do.")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The secret's name.")
  String name;

  @Override
  public Integer call() {
    switch (action) {
      case "list" -> {
        var names = session.fleet().secrets().names();
        session.console().println(names.isEmpty() ? "(no secrets)" : String.join("\n", names));
        return ExitCodes.OK;
      }
      case "set" -> {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
          throw new UsageException("secret set needs a NAME without spaces");
        }
        Secret s = session.fleet().config().prompter().ask("Value for " + name + ": ");
        if (s == null) {
          throw new UsageException("secret set needs a terminal to ask on; without one, use --secrets FILE");
        }
        session.fleet().secrets().put(name, s);
        session.console().println("secret " + name + " set");
        return ExitCodes.OK;
      }
      default -> throw new UsageException("unknown action '" + action + "': set or list");
    }
  }
}
