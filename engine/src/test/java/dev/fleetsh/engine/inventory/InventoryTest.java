package dev.fleetsh.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {

  @TempDir
  Path dir;

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  static final String INI = """
      # a typical Ansible inventory
      bastion ansible_host=192.0.2.10 ansible_user=ops

      [web]
      web[01:03] ansible_user=deploy
      web04 ansible_host=10.0.0.4 ansible_port=2222 role=canary

      [db]
      db1 ansible_host=10.0.1.1 ansible_ssh_common_args='-o ProxyJump=bastion'
      db2 ansible_host=10.0.1.2 ansible_ssh_common_args='-o ProxyCommand="ssh -W %h:%p -q ops@bastion"'

      [prod:children]
      web
      db

      [prod:vars]
      env=prod
      role=default

      [web:vars]
      role=web
      """;

  static final String YAML = """
      all:
        hosts:
          bastion:
            ansible_host: 192.0.2.10
            ansible_user: ops
        children:
          prod:
            vars:
              env: prod
              role: default
            children:
              web:
                vars:
                  role: web
                hosts:
                  web[01:03]:
                    ansible_user: deploy
                  web04:
                    ansible_host: 10.0.0.4
                    ansible_port: 2222
                    role: canary
              db:
                hosts:
                  db1:
                    ansible_host: 10.0.1.1
                    ansible_ssh_common_args: -J bastion
                  db2:
                    ansible_host: 10.0.1.2
                    ansible_ssh_common_args: -o ProxyJump=ops@bastion
      """;

  private static void checkEquivalent(Inventory inv) {
    assertThat(inv.hostNames()).containsExactly("bastion", "db1", "db2", "web01", "web02", "web03", "web04");
    assertThat(inv.members("prod")).containsExactly("db1", "db2", "web01", "web02", "web03", "web04");
    assertThat(inv.members("web")).containsExactly("web01", "web02", "web03", "web04");
    assertThat(inv.members("all")).hasSize(7);
    InventoryHost w1 = inv.host("web01");
    assertThat(w1.user()).isEqualTo("deploy");
    assertThat(w1.address()).isNull();
    assertThat(w1.vars()).containsEntry("role", "web").containsEntry("env", "prod");
    InventoryHost w4 = inv.host("web04");
    assertThat(w4.address()).isEqualTo("10.0.0.4");
    assertThat(w4.port()).isEqualTo(2222);
    assertThat(w4.vars()).containsEntry("role", "canary");
    assertThat(inv.host("db1").via()).containsExactly("bastion");
    assertThat(inv.host("db2").via()).containsExactly("ops@bastion");
    assertThat(inv.host("bastion").user()).isEqualTo("ops");
  }

  @Test
  void ansibleIni() throws Exception {
    checkEquivalent(Inventory.load(null, List.of(file("hosts.ini", INI))));
  }

  @Test
  void ansibleYamlGivesTheSameAsTheIni() throws Exception {
    checkEquivalent(Inventory.load(null, List.of(file("hosts.yml", YAML))));
  }

  @Test
  void fleetshYamlWithNodeSetPatterns() throws Exception {
    Inventory inv = Inventory.load(null, List.of(file("fleet.yaml", """
        hosts:
          bastion: {address: 192.0.2.10, user: ops}
          web[01-04]: {via: bastion, vars: {role: web}}
          db1: {address: 10.0.1.1, port: 2200, via: [bastion]}
        groups:
          web: ["web[01-04]"]
          prod:
            children: [web]
            hosts: [db1]
            vars: {env: prod}
        """)));
    assertThat(inv.members("prod")).containsExactly("db1", "web01", "web02", "web03", "web04");
    assertThat(inv.host("web03").via()).containsExactly("bastion");
    assertThat(inv.host("web03").vars()).containsEntry("role", "web").containsEntry("env", "prod");
    assertThat(inv.host("db1").port()).isEqualTo(2200);
    assertThat(inv.host("db1").address()).isEqualTo("10.0.1.1");
  }

  @Test
  void sshConfigHostsWithoutWildcardsAndSeveralSourcesMerge() throws Exception {
    Path cfg = file("ssh_config", "Host jump gw\n  HostName 1.2.3.4\nHost *.example !bad\nHost web01\n");
    Inventory inv = Inventory.load(cfg, List.of(file("hosts.ini", "[extra]\nweb01 role=x\nzed\n")));
    assertThat(inv.hostNames()).containsExactly("gw", "jump", "web01", "zed");
    assertThat(inv.members("extra")).containsExactly("web01", "zed");
    assertThat(inv.host("web01").vars()).containsEntry("role", "x");
  }

  @Test
  void errorsNameTheFileAndLine() throws Exception {
    Path bad = file("bad.ini", "[web\nweb01\n");
    assertThatThrownBy(() -> Inventory.load(null, List.of(bad)))
        .isInstanceOf(InventoryException.class).hasMessage(bad + " line 1: a section header ends with ']'");
    Path kv = file("kv.ini", "[web]\nweb01 novalue\n");
    assertThatThrownBy(() -> Inventory.load(null, List.of(kv)))
        .hasMessage(kv + " line 2: expected key=value, not 'novalue'");
    Path yaml = file("bad.yml", "all: [unclosed\n");
    assertThatThrownBy(() -> Inventory.load(null, List.of(yaml)))
        .hasMessageStartingWith(yaml + ": not valid YAML");
    Path port = file("port.ini", "h ansible_port=ssh\n");
    assertThatThrownBy(() -> Inventory.load(null, List.of(port)))
        .hasMessage("h: ansible_port is not a number: 'ssh'");
  }

  @Test
  void sshArgsGiveTheJumpHost() {
    assertThat(SshArgs.proxyJump("-o ProxyJump=a@b:22")).isEqualTo("a@b:22");
    assertThat(SshArgs.proxyJump("-J b1,b2 -o StrictHostKeyChecking=no")).isEqualTo("b1,b2");
    assertThat(SshArgs.proxyJump("-o 'ProxyCommand=ssh -W %h:%p -q ops@bastion'")).isEqualTo("ops@bastion");
    assertThat(SshArgs.proxyJump("-o ForwardAgent=no")).isNull();
  }
}
