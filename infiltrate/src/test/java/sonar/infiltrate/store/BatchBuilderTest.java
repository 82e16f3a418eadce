package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {

  private static final String FILE = "cl/2026/12/01/node/0+sample-n1.json";

  @Test
  void storesALineGivenAsBytesAsItIs() {
    byte[] line = "{\"a\":\"ü\"}\n".getBytes(StandardCharsets.UTF_8);
    Batch batch = new Batch.Builder().addLine(FILE, line).build();

    assertThat(BatchBytes.of(batch).get(FILE)).isSameAs(line);
    assertThat(batch.records()).isEqualTo(1);
    assertThat(batch.recordsByCluster()).containsExactly(java.util.Map.entry("cl", 1));
  }

  @Test
  void keepsTheOrderOfLinesGivenAsTextAndAsBytesInOneFile() {
    Batch batch = new Batch.Builder()
        .addLine(FILE, "one ü\n".getBytes(StandardCharsets.UTF_8))
        .add(FILE, "two\n")
        .addLine(FILE, "three 😀\n".getBytes(StandardCharsets.UTF_8))
        .build();

    assertThat(new String(BatchBytes.of(batch).get(FILE), StandardCharsets.UTF_8)).isEqualTo("one ü\ntwo\nthree 😀\n");
    assertThat(batch.records()).isEqualTo(3);
  }

  @Test
  void countsRecordsPerClusterOverItsFilesAndLeavesLinesSetAsideUncounted() {
    Batch batch = new Batch.Builder()
        .add("a/2026/12/01/n1.csv", "one\n")
        .add("b/2026/12/01/n1.csv", "two\n")
        .add("a/2026/12/01/n2.csv", "three\n")
        .add("a/2026/12/01/n1.csv", "four\n")
        .addAside("quarantine/2026/12/01/topic.txt", "not a record\n")
        .build();

    assertThat(batch.records()).isEqualTo(4);
    assertThat(batch.recordsByCluster()).containsOnly(java.util.Map.entry("a", 3), java.util.Map.entry("b", 1));
    assertThat(new String(BatchBytes.of(batch).get("a/2026/12/01/n1.csv"), StandardCharsets.UTF_8))
        .isEqualTo("one\nfour\n");
  }

  @Test
  void storesTextLinesLargerThanAFilesStartingBufferAsTheirUtf8Bytes() {
    String large = "cmd=" + "ø".repeat(3000) + "x".repeat(3000) + " 😀\n";
    Batch batch = new Batch.Builder()
        .add(FILE, "one\n")
        .add(FILE, large)
        .addLine(FILE, "three ü\n".getBytes(StandardCharsets.UTF_8))
        .add(FILE, large)
        .build();

    assertThat(BatchBytes.of(batch).get(FILE))
        .isEqualTo(("one\n" + large + "three ü\n" + large).getBytes(StandardCharsets.UTF_8));
    assertThat(batch.size()).isEqualTo(BatchBytes.of(batch).get(FILE).length);
  }
}
