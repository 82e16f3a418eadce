package sonar.naicreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.Invocation;

class NaicreportTest {

  @TempDir
  Path dir;

  Invocation run(String... args) {
    return Invocation.run(dir, Clock.systemUTC(), null, args);
  }

  @Test
  void helpGoesToStdoutAndListsEveryVerb() {
    Invocation help = run("help");
    assertThat(help.status()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).startsWith("Usage of naicreport:\n  naicreport <verb> <option> ... [-- filename ...]\n")
        .contains("\n  at-a-glance\n", "\n  deadweight\n", "\n  hostnames\n", "\n  load\n", "\n  ml-cpuhog\n",
            "\n  ml-deadweight\n    Obsolete name for \"deadweight\"\n",
            "\n  ml-webload\n    Obsolete name for \"load\"\n");
    assertThat(run("--help").out()).isEqualTo(help.out());
  }

  @Test
  void noVerbOrAnUnknownOneExitsOneWithTheUsage() {
    Invocation none = run();
    assertThat(none.status()).isEqualTo(1);
    assertThat(none.err()).isEqualTo(Naicreport.usage());
    Invocation unknown = run("webload");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("naicreport: unknown verb \"webload\"\n\n" + Naicreport.usage());
  }

  @Test
  void aBadFlagExitsTwoWithTheVerbsUsage() {
    Invocation bad = run("ml-cpuhog", "-jsn");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).startsWith("flag provided but not defined: -jsn\nUsage of naicreport ml-cpuhog:\n"
        + "  -data-path string\n    \tRoot directory of data store (required)\n");
    Invocation help = run("load", "-h");
    assertThat(help.status()).isZero();
    assertThat(help.out()).startsWith("Usage of naicreport load:\n");
  }

  @Test
  void aFailureIsPrintedAsTheReferencePrintsIt() {
    Invocation failed = run("deadweight", "-data-path", "data", "-from", "someday");
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    assertThat(failed.err()).isEqualTo("NAICREPORT FAILED\nBad time specification for -from: \"someday\" is not"
        + " yyyy-mm-dd, Nd or Nw\n");
  }
}
