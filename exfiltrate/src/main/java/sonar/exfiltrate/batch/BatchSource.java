package sonar.exfiltrate.batch;

import java.io.IOException;

/**
 * Batches cut from sonar's output, one at a time, in the order they are to be sent. The same input
 * always gives the same batches in the same order, which lets a run that resumes an input skip the
 * batches sent before, and lets each batch keep its idempotency key across runs.
 */
public interface BatchSource {

  /** @return the next batch, or null when there is none left */
  Batch next() throws IOException;
}
