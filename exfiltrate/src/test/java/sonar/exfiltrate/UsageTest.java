package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.exfiltrate.cli.Flags;
import sonar.exfiltrate.testing.Exfiltrate;

/** Usage errors: exit 2, one line that names the problem, then the usage; nothing spooled or sent. */
class UsageTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-cluster ml                               | -window is required",
      "-window 300                               | -cluster is required",
      "-window 300 -cluster ml -frobnicate 1     | flag provided but not defined: -frobnicate",
      "-window 300 -cluster                      | flag needs an argument: -cluster",
      "-window five -cluster ml                  | invalid value \"five\" for flag -window: not a whole number of "
          + "seconds",
      "-window -5 -cluster ml                    | -window must be 0 or more seconds, not -5",
      "-window 300 -cluster a/b                  | -cluster must be a name without \"/\", white space or control "
          + "characters, not \"a/b\"",
      "-window 300 -cluster ml -source sonar/csv | -source must be sonar/csvnamed, not \"sonar/csv\"",
      "-window 300 -cluster ml -output xml       | -output must be json or csv, not \"xml\"",
      "-window 300 -cluster ml -target host:8086 | -target must be http://host[:port] or https://host[:port] without a "
          + "path, not \"host:8086\"",
      "-window 300 -cluster ml -target http://h:1/x | -target must be http://host[:port] or https://host[:port] "
          + "without a path, not \"http://h:1/x\"",
      "-window 300 -cluster ml -target http://h:1 -ca-cert ca.pem | -ca-cert applies only to an https -target, not to "
          + "http://h:1",
      "-window 300 -cluster ml -max-time 0       | -max-time must be 1 or more seconds, not 0",
      "-window 300 -cluster ml -spool-max-bytes 0 | -spool-max-bytes must be 1 or more, not 0",
      "-window 300 -cluster ml -v=maybe          | invalid value \"maybe\" for flag -v: not true or false",
      "-window 300 -cluster ml extra             | unexpected argument: extra",
  })
  void exitsTwoWithOneLineNamingTheProblemThenTheUsage(String args, String message) {
    Runner runner = new Runner(dir);
    Exfiltrate run = runner.run(new byte[0], args.split(" +"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("exfiltrate: " + message + "\n"
        + new Flags(runner.home.resolve(".local/state/sonar-exfiltrate")).usage());
  }

  @Test
  void helpPrintsTheUsageToStdoutAndExitsZero() {
    Runner runner = new Runner(dir);
    Exfiltrate run = runner.run(new byte[0], "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("usage: exfiltrate -window SECONDS -cluster NAME [flags] < sonar-output\n")
        .contains("  -spool-dir DIR          where sonar's output waits until delivered (default "
            + runner.home.resolve(".local/state/sonar-exfiltrate") + ")\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aMalformedAuthFileExitsTwoNamingTheFileAndLine() throws Exception {
    Path auth = Files.writeString(dir.resolve("auth"), "\nsonar-without-password\n");
    Exfiltrate run = new Runner(dir).send("http://127.0.0.1:1", "", "-auth-file", auth.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("exfiltrate: auth file " + auth
        + " line 2: expected user:password or user/password\n");
  }

  @Test
  void aMissingAuthFileExitsTwoNamingTheFile() {
    Path auth = dir.resolve("nonesuch");
    Exfiltrate run = new Runner(dir).send("http://127.0.0.1:1", "", "-auth-file", auth.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("exfiltrate: cannot read auth file " + auth + ": no such file\n");
  }
}
