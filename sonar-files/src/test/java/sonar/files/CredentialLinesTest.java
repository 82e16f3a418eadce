package sonar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialLinesTest {

  @Test
  void splitsAtTheFirstSlashOrColonAndSkipsBlankLines() {
    assertThat(CredentialLines.parse(List.of("", "  sonar/pa:ss  ", "\t", "ml:p/w"), "f")).containsExactly(
        new CredentialLines.Credential(2, "sonar", "pa:ss"),
        new CredentialLines.Credential(4, "ml", "p/w"));
  }

  @Test
  void namesTheLineOfWhatIsWrong() {
    assertThatThrownBy(() -> CredentialLines.parse(List.of("ok:1", "nothing"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 2: expected user:password or user/password");
    assertThatThrownBy(() -> CredentialLines.parse(List.of("/secret"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 1: the user name is empty");
    assertThatThrownBy(() -> CredentialLines.parse(List.of("ml:"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 1: the password of \"ml\" is empty");
  }

  @Test
  void neverShowsAPassword() {
    assertThat(new CredentialLines.Credential(1, "ml", "secret").toString()).doesNotContain("secret");
  }
}
