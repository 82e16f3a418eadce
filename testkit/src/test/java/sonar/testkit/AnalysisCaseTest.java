package sonar.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisCaseTest {

  @Test
  void splitsCommandLinesAsBash() {
    assertThat(ShellWords.split("sonalyze jobs --host 'node00[1-3]*' -tag \"ML Nodes\" a\\ b"))
        .containsExactly("sonalyze", "jobs", "--host", "node00[1-3]*", "-tag", "ML Nodes", "a b");
  }

  @Test
  void appliesTheMasksAndSortsUnorderedOutputs() {
    AnalysisCase cpuhog = AnalysisCase.of("sonalyze").stream().filter(c -> c.name().equals("cpuhog")).findFirst()
        .orElseThrow();
    assertThat(cpuhog.normalized("stdout", "now=2026-12-01 02:54,jobm=1\nnow/sec=17 x\n"))
        .isEqualTo("now=X,jobm=1\nnow/sec=X x\n");

    AnalysisCase json = AnalysisCase.of("naicreport").stream().filter(c -> c.name().equals("naic_cpuhog_json"))
        .findFirst().orElseThrow();
    assertThat(json.normalized("stdout", "[{\"b\":1,\"first-violation\":\"2024\"},{\"a\":2}]\n"))
        .isEqualTo("{\"a\":2}\n{\"b\":1,\"first-violation\":\"X\"}\n");
  }

  @Test
  void findsTheCasesOfEachProgram() {
    List<AnalysisCase> sonalyze = AnalysisCase.of("sonalyze");
    assertThat(sonalyze).extracting(AnalysisCase::name).contains("cpuhog", "deadweight", "uptime_only_down");
    assertThat(AnalysisCase.of("naicreport")).extracting(AnalysisCase::name).contains("naic_hostnames")
        .doesNotContainAnyElementsOf(sonalyze.stream().map(AnalysisCase::name).toList());
  }
}
