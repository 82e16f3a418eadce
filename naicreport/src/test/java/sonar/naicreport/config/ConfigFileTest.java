package sonar.naicreport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir
  Path dir;

  @Test
  void readsNodesWithKeysInAnyCaseAndExpandsRanges() {
    Map<String, NodeConfig> nodes = ConfigFile.parse(
        "[{\"HOSTNAME\":\"ml[1-2]\",\"Description\":\"d\",\"cpu_cores\":64,"
        + "\"mem_gb\":128,\"gpu_cards\":4,\"gpumem_gb\":44,\"gpumem_pct\":true,\"rack\":\"ignored\"},"
        + "{\"hostname\":\"ml9\",\"cpu_cores\":8,\"mem_gb\":16}]");
    assertThat(nodes.keySet()).containsExactly("ml1", "ml9", "ml2");
    assertThat(nodes.get("ml2")).isEqualTo(new NodeConfig("ml2", "d", 64, 128, 4, 44, true));
    assertThat(nodes.get("ml9")).isEqualTo(new NodeConfig("ml9", "", 8, 16, 0, 0, false));
  }

  @Test
  void refusesWhatTheReferenceRefuses() {
    assertThatThrownBy(() -> ConfigFile.parse("[{\"hostname\":\"a\",\"cpu_cores\":1}]"))
        .hasMessage("Nonsensical CPU/memory information for a");
    assertThatThrownBy(() -> ConfigFile.parse("[{\"hostname\":\"a\",\"cpu_cores\":1,\"mem_gb\":1,\"gpumem_gb\":8}]"))
        .hasMessage("Inconsistent GPU information for a");
    assertThatThrownBy(() -> ConfigFile.parse("[{\"hostname\":\"a[1-2]\",\"cpu_cores\":1,\"mem_gb\":1},"
        + "{\"hostname\":\"a2\",\"cpu_cores\":1,\"mem_gb\":1}]")).hasMessage("Duplicate host name in config: a2");
  }

  @Test
  void wrongTypesNameTheNodeAndKey() {
    assertThatThrownBy(() -> ConfigFile.parse("[{\"hostname\":\"a\",\"cpu_cores\":\"64\",\"mem_gb\":1}]"))
        .hasMessage("node a: \"cpu_cores\" must be an integer");
    assertThatThrownBy(() -> ConfigFile.parse("[{\"cpu_cores\":6.5}]"))
        .hasMessage("node 1: \"cpu_cores\" must be an integer");
    assertThatThrownBy(() -> ConfigFile.parse("{}")).hasMessage("not a JSON array of nodes");
    assertThatThrownBy(() -> ConfigFile.parse("[1]")).hasMessage("node 1 is not a JSON object");
  }

  @Test
  void fileProblemsNameTheFile() throws IOException {
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("none.json")))
        .hasMessage("config file " + dir.resolve("none.json") + " does not exist");
    Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"hostname\":");
    assertThatThrownBy(() -> ConfigFile.read(broken)).hasMessageStartingWith("config file " + broken + ": ")
        .hasMessageContaining("line 1, column");
  }
}
