package dev.fleetsh.engine.internal.ssh;

import java.net.SocketAddress;
import org.apache.sshd.client.session.ClientSession;

/** A host and port reached through a direct-tcpip channel of an open SSH session. */
final class TunnelAddress extends SocketAddress {

  private static final long serialVersionUID = 1L;

  final transient ClientSession via;
  final String host;
  final int port;

  TunnelAddress(ClientSession via, String host, int port) {
    this.via = via;
    this.host = host;
    this.port = port;
  }

  @Override
  public String toString() {
    return host + ":" + port + " via " + via.getConnectAddress();
  }
}
