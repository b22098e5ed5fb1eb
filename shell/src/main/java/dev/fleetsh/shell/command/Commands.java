package dev.fleetsh.shell.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The REPL's commands, in the order {@code help} lists them. */
public final class Commands {

  private Commands() {}

  public static Map<String, Supplier<ShellCommand>> all() {
    Map<String, Supplier<ShellCommand>> m = new LinkedHashMap<>();
    m.put("run", RunCommand::new);
    m.put("put", PutCommand::new);
    m.put("get", GetCommand::new);
    m.put("hosts", HostsCommand::new);
    m.put("groups", GroupsCommand::new);
    m.put("use", UseCommand::new);
    m.put("tree", TreeCommand::new);
    m.put("source", SourceCommand::new);
    m.put("connect", ConnectCommand::new);
    m.put("disconnect", DisconnectCommand::new);
    m.put("set", SetCommand::new);
    m.put("secret", SecretCommand::new);
    m.put("inventory", InventoryCommand::new);
    m.put("help", HelpCommand::new);
    m.put("exit", ExitCommand::new);
    return m;
  }

  /** A parser for one call of {@code cmd}. */
  public static CommandLine commandLine(ShellCommand cmd) {
    CommandLine cl = new CommandLine(cmd);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.configure(cl);
    return cl;
  }
}
