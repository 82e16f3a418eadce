package sonar.exfiltrate.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

  @Test
  void theFirstSlashOrColonSeparatesUserAndPassword() {
    assertThat(BasicAuth.parse(List.of("sonar/pa:ss/word"), "f")).isEqualTo(new BasicAuth("sonar", "pa:ss/word"));
    assertThat(BasicAuth.parse(List.of("", "  sonar:pa/ss  ", ""), "f")).isEqualTo(new BasicAuth("sonar", "pa/ss"));
  }

  @Test
  void makesTheBasicHeader() {
    assertThat(new BasicAuth("Aladdin", "open sesame").header()).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void namesTheFileAndLineOfWhatIsWrong() {
    assertThatThrownBy(() -> BasicAuth.parse(List.of("", "nosuchseparator"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 2: expected user:password or user/password");
    assertThatThrownBy(() -> BasicAuth.parse(List.of(":secret"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 1: the user name is empty");
    assertThatThrownBy(() -> BasicAuth.parse(List.of("sonar/"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 1: the password of \"sonar\" is empty");
    assertThatThrownBy(() -> BasicAuth.parse(List.of("a/b", "c/d"), "/etc/auth"))
        .hasMessage("auth file /etc/auth line 2: a second user; the sender needs one, given on line 1");
    assertThatThrownBy(() -> BasicAuth.parse(List.of(" ", ""), "/etc/auth"))
        .hasMessage("auth file /etc/auth holds no user/password line");
  }

  @Test
  void neverShowsThePassword() {
    assertThat(new BasicAuth("sonar", "secret").toString()).doesNotContain("secret");
  }
}
