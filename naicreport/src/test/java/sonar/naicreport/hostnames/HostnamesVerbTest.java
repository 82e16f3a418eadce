package sonar.naicreport.hostnames;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.Invocation;

class HostnamesVerbTest {

  @TempDir
  Path dir;

  Invocation hostnames(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "hostnames";
    System.arraycopy(args, 0, all, 1, args.length);
    return Invocation.run(dir, Clock.systemUTC(), null, all);
  }

  @Test
  void listsHostsOfRegularReportFilesOnly() throws IOException {
    Path reports = Files.createDirectory(dir.resolve("reports"));
    Files.writeString(reports.resolve("b-daily.json"), "");
    Files.writeString(reports.resolve("a-weekly.json"), "");
    Files.writeString(reports.resolve("a-minutely.json"), "");
    Files.writeString(reports.resolve("c-hourly.json"), "");
    Files.writeString(reports.resolve(".a-daily.json.tmp-1"), "");
    Files.createDirectory(reports.resolve("d-daily.json"));
    Files.createSymbolicLink(reports.resolve("e-daily.json"), reports.resolve("b-daily.json"));
    assertThat(hostnames("reports").out()).isEqualTo("[\"a\",\"b\"]\n");
    Files.delete(reports.resolve("a-weekly.json"));
    Files.delete(reports.resolve("a-minutely.json"));
    Files.delete(reports.resolve("b-daily.json"));
    assertThat(hostnames("reports").out()).isEqualTo("[]\n");
  }

  @Test
  void needsOneExistingDirectory() {
    assertThat(hostnames().err()).isEqualTo("NAICREPORT FAILED\nRequires one argument: the log directory\n");
    assertThat(hostnames("a", "b").status()).isEqualTo(1);
    assertThat(hostnames("none").err()).isEqualTo("NAICREPORT FAILED\nopen none: no such file or directory\n");
    Invocation help = hostnames("-h");
    assertThat(help.status()).isZero();
    assertThat(help.err()).startsWith("Usage of naicreport hostnames:\n");
  }
}
