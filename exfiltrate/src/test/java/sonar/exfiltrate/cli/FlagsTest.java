package sonar.exfiltrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {

  private final Flags flags = new Flags(Path.of("/default/spool"));

  @Test
  void readsTheReferenceSendersCommandLine() {
    Config config = flags.parse("-window", "300", "-cluster", "ml", "-source", "sonar/csvnamed", "-output", "json",
        "-target", "https://host:8086", "-auth-file", "/etc/auth").orElseThrow();

    assertThat(config).isEqualTo(new Config(Duration.ofSeconds(300), "ml", "sonar/csvnamed", Output.JSON,
        "https://host:8086", Path.of("/etc/auth"), null, false, Path.of("/default/spool"), Duration.ofSeconds(60),
        100L << 20));
  }

  @Test
  void takesOneOrTwoDashesAndValuesAfterAnEqualsSign() {
    Config config = flags.parse("--window=5", "-cluster=ml", "--output", "csv", "-v", "--spool-dir=/s",
        "-max-time=9", "--spool-max-bytes", "1000", "-target=http://h/").orElseThrow();

    assertThat(config.window()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.output()).isEqualTo(Output.CSV);
    assertThat(config.verbose()).isTrue();
    assertThat(config.spoolDir()).isEqualTo(Path.of("/s"));
    assertThat(config.maxTime()).isEqualTo(Duration.ofSeconds(9));
    assertThat(config.spoolMaxBytes()).isEqualTo(1000);
    assertThat(config.target()).isEqualTo("http://h"); // the trailing slash would double the path's
  }

  @Test
  void aBooleanTakesGoSpellingsAfterAnEqualsSignAndTheLastOfARepeatedFlagWins() {
    assertThat(flags.parse("-window", "0", "-cluster", "a", "-v=F").orElseThrow().verbose()).isFalse();
    assertThat(flags.parse("-window", "0", "-cluster", "a", "-cluster", "b").orElseThrow().cluster()).isEqualTo("b");
  }

  @Test
  void withoutATargetIsADryRun() {
    assertThat(flags.parse("-window", "0", "-cluster", "a").orElseThrow().dryRun()).isTrue();
  }

  @Test
  void helpInAnyOfItsSpellingsYieldsNoConfig() {
    assertThat(flags.parse("-h")).isEmpty();
    assertThat(flags.parse("-help")).isEmpty();
    assertThat(flags.parse("--help")).isEmpty();
  }

  @Test
  void aDoubleDashEndsTheFlags() {
    assertThat(flags.parse("-window", "0", "-cluster", "a", "--")).isPresent();
    assertThatThrownBy(() -> flags.parse("-window", "0", "--", "-cluster", "a"))
        .hasMessage("unexpected argument: -cluster");
  }

  @Test
  void rootSpoolsUnderVarSpoolAndOthersUnderTheirStateDirectory(@TempDir Path home) {
    assertThat(Flags.defaultSpoolDir("root", Map.of(), home)).isEqualTo(Path.of("/var/spool/sonar-exfiltrate"));
    assertThat(Flags.defaultSpoolDir("alice", Map.of(), home)).isEqualTo(home.resolve(".local/state/sonar-exfiltrate"));
    assertThat(Flags.defaultSpoolDir("alice", Map.of("XDG_STATE_HOME", "/state"), home))
        .isEqualTo(Path.of("/state/sonar-exfiltrate"));
    assertThat(Flags.defaultSpoolDir("alice", Map.of("XDG_STATE_HOME", "relative"), home))
        .isEqualTo(home.resolve(".local/state/sonar-exfiltrate"));
  }

  /** Regression: a user without a home directory got an error from every run for a spool it could not make. */
  @Test
  void aUserWhoseHomeDoesNotExistSpoolsUnderVarTmp(@TempDir Path dir) {
    Path home = dir.resolve("nonesuch");
    assertThat(Flags.defaultSpoolDir("svc", Map.of(), home)).isEqualTo(Path.of("/var/tmp/sonar-exfiltrate-svc"));
    assertThat(Flags.defaultSpoolDir("svc", Map.of("XDG_STATE_HOME", "/state"), home))
        .isEqualTo(Path.of("/state/sonar-exfiltrate"));
  }
}
