package dev.fleetsh.engine.internal.ssh;

import java.io.IOException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.io.IoConnector;

/** MINA's client, with a connector that can also run a session through a jump host's channel. */
final class FleetSshClient extends SshClient {

  @Override
  protected IoConnector createConnector() {
    return new TunnelConnector(super.createConnector(), getSessionFactory());
  }

  /**
   * Connects through a jump host. MINA's public connect methods accept only TCP addresses and
   * would apply ProxyJump themselves, so this goes to the step that hands the address to the
   * connector as it is.
   */
  ConnectFuture connectThrough(String user, TunnelAddress address, AttributeRepository context)
      throws IOException {
    // Identities are added to each session by SshConnector, so none come from this entry.
    HostConfigEntry entry = new HostConfigEntry("", address.host, address.port, user);
    entry.setIdentitiesOnly(true);
    return doConnect(user, address, context, null, getKeyIdentityProvider(), entry);
  }
}
