package sonar.naicreport.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSonalyzeTest {

  @TempDir
  Path dir;

  final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  final PrintStream warningStream = new PrintStream(warnings, true, StandardCharsets.UTF_8);

  Path script(String body) throws IOException {
    Path script = dir.resolve("sonalyze");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void givesWhatTheProgramPrintedRunInTheWorkingDirectoryWithTheEnvironment() throws Exception {
    Path program = script("printf '%s|' \"$@\"; printf '%s|%s' \"$(pwd)\" \"$LOGNAME\"; cat\n");
    String output = new ExternalSonalyze(program, dir, Map.of("LOGNAME", "user05")).run(List.of("jobs", "a b", ""),
        warningStream);
    assertThat(output).isEqualTo("jobs|a b||" + dir + "|user05");
  }

  @Test
  void aRunThatEndsWithANonZeroStatusFailsWithAllItSaid() throws Exception {
    Path failing = script("echo 'sonalyze: warning: a.csv: line 2: bad; skipped' >&2; "
        + "echo 'ERROR: Not a viable log directory: x' >&2; exit 1\n");
    assertThatThrownBy(() -> new ExternalSonalyze(failing, dir, Map.of()).run(List.of("load", "--data-path", "x"),
        warningStream))
        .isInstanceOf(SonalyzeException.class)
        .hasMessage(failing + " load failed (exit status 1): sonalyze: warning: a.csv: line 2: bad; skipped\n"
            + "ERROR: Not a viable log directory: x");
    Path silent = script("exit 3\n");
    assertThatThrownBy(() -> new ExternalSonalyze(silent, dir, Map.of()).run(List.of("jobs"), warningStream))
        .hasMessage(silent + " jobs failed (exit status 3)");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void warningsOfARunThatSucceededPassThroughAndItsOutputIsUsed() throws Exception {
    Path warning = script("echo '[]'; echo 'warning: odd' >&2; printf 'no newline' >&2\n");
    assertThat(new ExternalSonalyze(warning, dir, Map.of()).run(List.of("uptime"), warningStream)).isEqualTo("[]\n");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEqualTo("warning: odd\nno newline\n");
  }

  @Test
  void aMissingProgramIsNamed() {
    Path missing = dir.resolve("nothing");
    assertThatThrownBy(() -> new ExternalSonalyze(missing, dir, Map.of()).run(List.of("jobs"), warningStream))
        .hasMessageStartingWith("cannot run " + missing + ": ");
  }

  @Test
  void largeOutputOnBothStreamsDoesNotStallTheChild() throws Exception {
    Path chatty = script("head -c 3000000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2\n");
    String output = new ExternalSonalyze(chatty, dir, Map.of("PATH", System.getenv("PATH"))).run(List.of("x"),
        warningStream);
    assertThat(output).hasSize(3_000_000).matches("x+");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).hasSize(300_001).matches("y+\n");
  }
}
