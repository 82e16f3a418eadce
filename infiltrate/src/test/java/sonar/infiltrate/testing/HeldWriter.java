package sonar.infiltrate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Store;

/** Keeps a store's writer busy, so that what is submitted meanwhile waits in its queue. */
public final class HeldWriter {

  private HeldWriter() {}

  /** Holds the writer with a batch of its own until the latch returned is counted down. */
  public static CountDownLatch hold(Store store) throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    store.submit(new Batch.Builder().add("held/2023/10/11/first.csv", "first\n").build(), outcome -> {
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the writer held").isTrue();
    return release;
  }
}
