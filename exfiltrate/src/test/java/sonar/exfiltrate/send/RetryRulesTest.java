package sonar.exfiltrate.send;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryRulesTest {

  @ParameterizedTest
  @CsvSource({
      "200, delivered", "204, delivered",
      "408, transient", "429, transient", "500, transient", "502, transient", "503, transient", "504, transient",
      "400, refusal of batch", "413, refusal of batch",
      "401, refusal of sender", "403, refusal of sender",
      "301, unexpected", "404, unexpected", "405, unexpected", "415, unexpected"})
  void sortsEachStatus(int status, String expected) {
    assertThat(classify(Answer.answered(status, "", null))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"CONNECTION, transient", "UNTRUSTED, unexpected", "TLS, unexpected"})
  void retriesConnectionProblemsButNotCertificateOrTlsProblems(Answer.Failure failure, String expected) {
    assertThat(classify(Answer.failed(failure, "x"))).isEqualTo(expected);
  }

  private static String classify(Answer answer) {
    if (RetryRules.isDelivered(answer)) {
      return "delivered";
    }
    if (RetryRules.isTransient(answer)) {
      return "transient";
    }
    if (RetryRules.isRefusalOfBatch(answer)) {
      return "refusal of batch";
    }
    return RetryRules.isRefusalOfSender(answer) ? "refusal of sender" : "unexpected";
  }
}
