package dev.fleetsh.shell.script;

import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.SecretStore;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Runs Groovy on a session's live tree. Each script file gets a class loader of its own, so
 * classes one script defines never reach the next or the shell (Mitogen had to fork its
 * interpreter for Ansible's per-task module overrides; a loader per script is the JVM's way).
 * REPL lines ({@code = expr}) share one binding and one loader for the session.
 */
public final class ScriptRunner {

  /** A script that did not compile, or threw: the message is for people, already trimmed. */
  public static final class ScriptException extends Exception {
    private final boolean compile;

    ScriptException(String message, boolean compile) {
      super(SecretStore.maskAll(message));
      this.compile = compile;
    }

    /** True when the script did not compile (exit status 2), false when it threw (1). */
    public boolean compile() {
      return compile;
    }
  }

  private final ScriptFleet fleet;
  private final PrintWriter out;
  private final Binding replBinding;
  private GroovyShell replShell;

  public ScriptRunner(Fleet fleet, PrintWriter out) {
    this.fleet = new ScriptFleet(fleet);
    this.out = out;
    this.replBinding = binding(List.of());
  }

  private static CompilerConfiguration config() {
    CompilerConfiguration c = new CompilerConfiguration();
    c.setScriptBaseClass(FleetScript.class.getName());
    return c;
  }

  private Binding binding(List<String> args) {
    Binding b = new Binding();
    b.setVariable("fleet", fleet);
    b.setVariable("args", args.toArray(String[]::new));
    b.setVariable("out", out);
    return b;
  }

  /** Runs a script file with {@code args}; returns what it returned. */
  public Object run(Path file, List<String> args) throws ScriptException, IOException {
    GroovyClassLoader loader = new GroovyClassLoader(ScriptRunner.class.getClassLoader(), config());
    try {
      GroovyShell shell = new GroovyShell(loader, binding(args), config());
      Script script;
      try {
        script = shell.parse(file.toFile());
      } catch (CompilationFailedException e) {
        throw new ScriptException(compileErrors(e, file.getFileName().toString()), true);
      }
      return runScript(script, file.getFileName().toString());
    } finally {
      loader.close();
    }
  }

  /** Evaluates a REPL line in the session's binding; returns its value. */
  public Object eval(String code) throws ScriptException {
    if (replShell == null) {
      replShell = new GroovyShell(
          new GroovyClassLoader(ScriptRunner.class.getClassLoader(), config()), replBinding, config());
    }
    Script script;
    try {
      script = replShell.parse(code, "repl.groovy");
    } catch (CompilationFailedException e) {
      throw new ScriptException(compileErrors(e, "repl"), true);
    }
    return runScript(script, "repl.groovy");
  }

  private static Object runScript(Script script, String fileName) throws ScriptException {
    try {
      return script.run();
    } catch (RuntimeException | Error e) {
      throw new ScriptException(runtimeError(e, fileName), false);
    }
  }

  /** {@code file:line:column: message}, one line per error. */
  static String compileErrors(CompilationFailedException e, String file) {
    List<String> lines = new ArrayList<>();
    if (e instanceof MultipleCompilationErrorsException m) {
      for (Message msg : m.getErrorCollector().getErrors()) {
        if (msg instanceof SyntaxErrorMessage sem) {
          SyntaxException se = sem.getCause();
          lines.add(file + ":" + se.getStartLine() + ":" + se.getStartColumn() + ": "
              + se.getOriginalMessage());
        } else {
          StringBuilder sb = new StringBuilder();
          msg.write(new PrintWriter(new java.io.StringWriter() {
            @Override
            public void write(String str) {
              sb.append(str);
            }
          }));
          lines.add(file + ": " + sb.toString().strip());
        }
      }
    }
    return lines.isEmpty() ? file + ": " + e.getMessage() : String.join("\n", lines);
  }

  /** The exception's message and the script's own frames, not the Groovy runtime's. */
  static String runtimeError(Throwable e, String file) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      b.append(": ").append(e.getMessage());
    }
    for (StackTraceElement f : e.getStackTrace()) {
      if (file.equals(f.getFileName()) && f.getLineNumber() > 0) {
        b.append("\n\tat ").append(file).append(':').append(f.getLineNumber());
      }
    }
    return b.toString();
  }
}
