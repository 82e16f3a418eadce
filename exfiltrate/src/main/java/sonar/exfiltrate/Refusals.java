package sonar.exfiltrate;

import java.util.ArrayList;
import java.util.List;
import sonar.exfiltrate.send.Answer;

/**
 * The server's final refusals in a run, by answer, in the order first seen, with the batches and records
 * each refused: one line each for the operator. Not thread-safe.
 */
final class Refusals {

  /** One answer and what it refused. */
  static final class Refusal {
    private final String answer;
    private long batches;
    private long records;

    private Refusal(String answer) {
      this.answer = answer;
    }

    String answer() {
      return answer;
    }

    long batches() {
      return batches;
    }

    long records() {
      return records;
    }
  }

  private final List<Refusal> refusals = new ArrayList<>();

  void add(Answer answer, int records) {
    String text = answer.toString();
    Refusal refusal = null;
    for (Refusal known : refusals) {
      if (known.answer.equals(text)) {
        refusal = known;
      }
    }
    if (refusal == null) {
      refusal = new Refusal(text);
      refusals.add(refusal);
    }
    refusal.batches++;
    refusal.records += records;
  }

  List<Refusal> all() {
    return refusals;
  }
}
