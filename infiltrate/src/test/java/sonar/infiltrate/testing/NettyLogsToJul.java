package sonar.infiltrate.testing;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps Netty logging to java.util.logging in the tests, as it does in the server, where {@link LeakWatch}
 * hears its leak reports: the test broker brings Log4j, which Netty would otherwise pick. Runs before any
 * test class is loaded (registered in META-INF/services).
 */
public final class NettyLogsToJul implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }
}
