package dev.fleetsh.engine.internal;

/** Where one command's output goes as it arrives. Called from transport threads. */
public interface CommandOutput {

  CommandOutput DISCARD = new CommandOutput() {
    @Override
    public void stdout(byte[] buf, int off, int len) {}

    @Override
    public void stderr(byte[] buf, int off, int len) {}
  };

  void stdout(byte[] buf, int off, int len);

  void stderr(byte[] buf, int off, int len);
}
