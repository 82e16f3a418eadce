package sonar.infiltrate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import sonar.infiltrate.testing.RawHttp;

class CredentialsTest {

  @Test
  void readsTheSeedsOneLineSlashForm() {
    Credentials credentials = Credentials.parse(List.of("sonar/p4ss:w/rd"), "f");
    assertThat(credentials.authenticate(RawHttp.basic("sonar", "p4ss:w/rd"))).contains("sonar");
  }

  @Test
  void readsSeveralColonLinesTrimmedWithBlankLinesIgnored() {
    Credentials credentials = Credentials.parse(List.of("", "  ml:one  ", "\t", "fox:two/x", ""), "f");
    assertThat(credentials.users()).isEqualTo(2);
    assertThat(credentials.authenticate(RawHttp.basic("ml", "one"))).contains("ml");
    assertThat(credentials.authenticate(RawHttp.basic("fox", "two/x"))).contains("fox");
    assertThat(credentials.authenticate(RawHttp.basic("fox", "one"))).isEmpty();
    assertThat(credentials.authenticate(RawHttp.basic("ml", "one "))).isEmpty();
  }

  @Test
  void refusesHeadersThatAreNotBasicCredentials() {
    Credentials credentials = Credentials.parse(List.of("ml:one"), "f");
    assertThat(credentials.authenticate(null)).isEmpty();
    assertThat(credentials.authenticate("Bearer abc")).isEmpty();
    assertThat(credentials.authenticate("Basic %%%")).isEmpty();
    assertThat(credentials.authenticate("Basic " + java.util.Base64.getEncoder().encodeToString("ml".getBytes())))
        .isEmpty();
    assertThat(credentials.authenticate("basic " + RawHttp.basic("ml", "one").substring(6))).contains("ml");
  }

  @Test
  void namesTheLineOfAMalformedFile() {
    assertThatThrownBy(() -> Credentials.parse(List.of("ml:one", "nothing"), "/etc/auth"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth file /etc/auth line 2: expected user:password or user/password");
    assertThatThrownBy(() -> Credentials.parse(List.of(":one"), "f"))
        .hasMessage("auth file f line 1: the user name is empty");
    assertThatThrownBy(() -> Credentials.parse(List.of("ml:"), "f"))
        .hasMessage("auth file f line 1: the password of \"ml\" is empty");
    assertThatThrownBy(() -> Credentials.parse(List.of("ml:a", "", "ml:b"), "f"))
        .hasMessage("auth file f line 3: user \"ml\" is already given on line 1");
    assertThatThrownBy(() -> Credentials.parse(List.of("", " "), "f"))
        .hasMessage("auth file f holds no credentials");
  }
}
