package dev.fleetsh.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetsh.engine.ExecListener;
import dev.fleetsh.engine.ExecOptions;
import dev.fleetsh.engine.Fleet;
import dev.fleetsh.engine.FleetConfig;
import dev.fleetsh.engine.Result;
import dev.fleetsh.engine.Results;
import dev.fleetsh.engine.Target;
import dev.fleetsh.engine.lab.Lab;
import dev.fleetsh.engine.lab.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ansible inventories, INI and YAML, drive runs on the lab's hosts. */
@LabTest
class InventoryLabTest {

  @TempDir
  Path dir;

  private Path inventory(Lab lab, String kind) throws Exception {
    String text = kind.equals("ini") ? """
        [app]
        app1 ansible_host=%s
        app2 ansible_host=%s tier=edge

        [back]
        back1 ansible_host=%s ansible_ssh_common_args='-o ProxyJump=jump'

        [prod:children]
        app
        back

        [prod:vars]
        tier=core
        """.formatted(lab.address("h1"), lab.address("h2"), lab.address("b1")) : """
        all:
          children:
            prod:
              vars:
                tier: core
              children:
                app:
                  hosts:
                    app1:
                      ansible_host: %s
                    app2:
                      ansible_host: %s
                      tier: edge
                back:
                  hosts:
                    back1:
                      ansible_host: %s
                      ansible_ssh_common_args: -o ProxyJump=jump
        """.formatted(lab.address("h1"), lab.address("h2"), lab.address("b1"));
    Path f = dir.resolve("hosts." + (kind.equals("ini") ? "ini" : "yml"));
    Files.writeString(f, text);
    return f;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ini", "yaml"})
  void anAnsibleInventoryDrivesARun(String kind, Lab lab) throws Exception {
    Path inv = inventory(lab, kind);
    try (Fleet fleet = Fleet.open(FleetConfig.builder().sshConfig(lab.sshConfig()).inventory(inv)
        .build())) {
      assertThat(fleet.inventory().host("app2").vars()).containsEntry("tier", "edge");
      assertThat(fleet.inventory().host("app1").vars()).containsEntry("tier", "core");
      List<Target> prod = fleet.targets("@prod");
      assertThat(prod).extracting(Target::path).containsExactly("app1", "app2", "back1");
      Results r = fleet.execute(prod, "hostname -I | cut -d' ' -f1", ExecOptions.defaults(),
          ExecListener.NONE).await();
      assertThat(r.allOk()).as(r.all().toString()).isTrue();
      Map<String, String> where = new TreeMap<>();
      for (Result x : r) {
        where.put(x.targetPath(), x.stdout().strip());
      }
      assertThat(where).containsExactlyEntriesOf(new TreeMap<>(Map.of(
          "app1", lab.address("h1"), "app2", lab.address("h2"), "back1", lab.address("b1"))));
      assertThat(fleet.route(Target.parse("back1")).via()).containsExactly("jump");

      // The last command's outcome is a group: only app2 fails here.
      fleet.execute(fleet.targets("@prod"), "[ \"$(hostname -I | cut -d' ' -f1)\" != "
          + lab.address("h2") + " ]", ExecOptions.defaults(), ExecListener.NONE).await();
      assertThat(fleet.targets("@failed")).extracting(Target::path).containsExactly("app2");
      assertThat(fleet.targets("@prod!@failed")).extracting(Target::path).containsExactly("app1", "back1");
    }
  }
}
