package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Infiltrate;
import sonar.testkit.Vector;

/**
 * What the real sonar 0.7 printed (392 lines, a command name that needs CSV quoting among them), sent by
 * the sender to our data logger both ways: every record is stored, as the reference server stores the
 * JSON form, and verbatim on the free CSV path.
 */
class RealSonarTest {

  /** The fields of a stored 0.7 reading, in the order the reference server writes them. */
  private static final List<String> STORED_FIELDS = List.of("v", "time", "host", "cores", "user", "job", "pid",
      "cmd", "cpu%", "cpukib", "gpus", "gpu%", "gpumem%", "gpukib", "gpufail", "cputime_sec", "rolledup");
  private static final Path CAPTURED = Vector.testdata().resolve("real-sonar/sonar-0.7.0/captured.csv");

  @TempDir
  Path dir;

  @Test
  void jsonOutputStoresEveryRecordOfRealSonarAsTheReferenceServerWouldStoreIt() throws Exception {
    List<String> input = Files.readAllLines(CAPTURED);
    List<String> expected = new ArrayList<>();
    for (String line : input) {
      expected.add(storedForm(fields(line)));
    }

    List<String> stored = sendAndRead(input, "json");

    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(stored).anyMatch(line -> line.contains(",\"cmd=we,ird \"\"x\"\"\",cpu%="));
  }

  @Test
  void csvOutputStoresEveryLineOfRealSonarVerbatim() throws Exception {
    List<String> input = Files.readAllLines(CAPTURED);

    List<String> stored = sendAndRead(input, "csv");

    assertThat(stored).containsExactlyInAnyOrderElementsOf(input);
  }

  private List<String> sendAndRead(List<String> input, String output) throws Exception {
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      Exfiltrate run = new Runner(dir).send(server.url(), String.join("\n", input) + "\n", "-output", output);
      assertThat(run.status()).isZero();
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEmpty();
      Map<String, byte[]> tree = server.tree();
      assertThat(tree.keySet()).containsExactly("cl1/2026/12/01/vm.csv");
      return new String(tree.get("cl1/2026/12/01/vm.csv"), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /**
   * A stored line made by hand from the input's fields: every field in its place, absent numbers as 0,
   * a heartbeat in its short form. Sonar printed its numbers as Go's shortest form already.
   */
  private static String storedForm(Map<String, String> fields) {
    if ("_heartbeat_".equals(fields.get("cmd"))) {
      return "v=" + fields.get("v") + ",time=" + fields.get("time") + ",host=" + fields.get("host")
          + ",cores=0,user=_sonar_,job=0,pid=0,cmd=_heartbeat_";
    }
    List<String> out = new ArrayList<>();
    for (String name : STORED_FIELDS) {
      String field = name + "=" + fields.getOrDefault(name, name.equals("gpus") ? "" : "0");
      out.add(field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
    }
    return String.join(",", out);
  }

  /** The name=value fields of an RFC 4180 line. */
  private static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : ',';
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        int equals = field.indexOf("=");
        fields.put(field.substring(0, equals), field.substring(equals + 1));
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    return fields;
  }
}
