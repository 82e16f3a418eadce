package sonar.infiltrate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Fails a test when Netty's leak detector (paranoid in the test runs) reports a buffer that was never
 * released. Leaks are reported when a collected buffer is noticed on a later allocation, so the check
 * collects garbage and allocates before looking.
 */
final class LeakWatch {

  private static final Logger DETECTOR = Logger.getLogger(ResourceLeakDetector.class.getName());
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    DETECTOR.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
          synchronized (LEAKS) {
            LEAKS.add(record.getMessage());
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  private LeakWatch() {}

  static void assertNoLeaks() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 100; j++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
      }
    }
    synchronized (LEAKS) {
      if (!LEAKS.isEmpty()) {
        throw new AssertionError("Netty reported leaked buffers:\n" + String.join("\n", LEAKS));
      }
    }
  }
}
