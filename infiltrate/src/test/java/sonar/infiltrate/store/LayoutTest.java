package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayoutTest {

  @Test
  void filesRecordsByClusterDateAndHost() {
    assertThat(Layout.hostFile("mlx.hpc.uio.no", "2023/10/11", "ml6.hpc.uio.no"))
        .isEqualTo("mlx.hpc.uio.no/2023/10/11/ml6.hpc.uio.no.csv");
  }

  @Test
  void allowsUnicodeAndOddButHarmlessNames() {
    assertThat(Layout.hostFile("clüster", "2023/10/11", "node 1..x")).isEqualTo("clüster/2023/10/11/node 1..x.csv");
  }

  @Test
  void rejectsHostWithPathSeparator() {
    assertThatThrownBy(() -> Layout.hostFile("cl", "2023/10/11", "a/b"))
        .hasMessage("host \"a/b\" must not contain '/'");
  }

  @Test
  void rejectsNamesTooLongForAFile() {
    String host = "h".repeat(252);
    assertThat(Layout.hostFile("cl", "2023/10/11", "h".repeat(251))).endsWith(".csv");
    assertThatThrownBy(() -> Layout.hostFile("cl", "2023/10/11", host))
        .hasMessage("host \"" + "h".repeat(32) + "...\" is longer than a file name may be");
  }

  @Test
  void rejectsDelAndOtherControlCharacters() {
    assertThatThrownBy(() -> Layout.hostFile("cl", "2023/10/11", "a\u007fb"))
        .hasMessage("host \"a\\u007fb\" must not contain control characters");
    assertThatThrownBy(() -> Layout.hostFile("c\nl", "2023/10/11", "h"))
        .hasMessage("cluster \"c\\u000al\" must not contain control characters");
  }

  /** Pins the bug where a lone surrogate passed the checks and failed in the writer, with every batch of its group. */
  @Test
  void rejectsNamesThatAreNotValidUnicode() {
    assertThatThrownBy(() -> Layout.hostFile("cl", "2023/10/11", "a\ud800b"))
        .hasMessage("host \"a\\ud800b\" must not contain unpaired surrogates");
    assertThatThrownBy(() -> Layout.hostFile("cl", "2023/10/11", "\udc00"))
        .hasMessage("host \"\\udc00\" must not contain unpaired surrogates");
    assertThatThrownBy(() -> Layout.hostFile("c\ud800", "2023/10/11", "h"))
        .hasMessage("cluster \"c\\ud800\" must not contain unpaired surrogates");
    assertThat(Layout.hostFile("cl", "2023/10/11", "n\ud83d\ude00")).isEqualTo("cl/2023/10/11/n\ud83d\ude00.csv");
  }
}
