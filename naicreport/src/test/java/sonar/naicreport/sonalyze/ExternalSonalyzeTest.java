package sonar.naicreport.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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

  Path script(String body) throws IOException {
    Path script = dir.resolve("sonalyze");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void givesWhatTheProgramPrintedRunInTheWorkingDirectoryWithTheEnvironment() throws Exception {
    Path program = script("printf '%s|' \"$@\"; printf '%s|%s' \"$(pwd)\" \"$LOGNAME\"; cat\n");
    String output = new ExternalSonalyze(program, dir, Map.of("LOGNAME", "user05")).run(List.of("jobs", "a b", ""));
    assertThat(output).isEqualTo("jobs|a b||" + dir + "|user05");
  }

  @Test
  void aRunThatFailsOrSpeaksOnStderrFails() throws Exception {
    Path failing = script("echo 'ERROR: Not a viable log directory: x' >&2; exit 1\n");
    assertThatThrownBy(() -> new ExternalSonalyze(failing, dir, Map.of()).run(List.of("load", "--data-path", "x")))
        .isInstanceOf(SonalyzeException.class)
        .hasMessage(failing + " load failed (exit status 1): ERROR: Not a viable log directory: x");
    Path warning = script("echo '[]'; echo 'warning: odd' >&2\n");
    assertThatThrownBy(() -> new ExternalSonalyze(warning, dir, Map.of()).run(List.of("uptime")))
        .hasMessage(warning + " uptime wrote on stderr: warning: odd");
    Path silent = script("exit 3\n");
    assertThatThrownBy(() -> new ExternalSonalyze(silent, dir, Map.of()).run(List.of("jobs")))
        .hasMessage(silent + " jobs failed (exit status 3)");
  }

  @Test
  void aMissingProgramIsNamed() {
    Path missing = dir.resolve("nothing");
    assertThatThrownBy(() -> new ExternalSonalyze(missing, dir, Map.of()).run(List.of("jobs")))
        .hasMessageStartingWith("cannot run " + missing + ": ");
  }

  @Test
  void largeOutputOnBothStreamsDoesNotStallTheChild() throws Exception {
    Path chatty = script("head -c 3000000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2\n");
    assertThatThrownBy(() -> new ExternalSonalyze(chatty, dir, Map.of("PATH", System.getenv("PATH"))).run(List.of("x")))
        .hasMessageStartingWith(chatty + " x wrote on stderr: yyyy");
  }
}
