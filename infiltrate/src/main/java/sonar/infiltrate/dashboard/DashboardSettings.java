package sonar.infiltrate.dashboard;

import java.nio.file.Path;

/**
 * Where the dashboard's reports are (one subdirectory per cluster) and who may read it. Immutable.
 */
public record DashboardSettings(Path reports, Path authFile) {

  public DashboardSettings {
    if (reports == null || authFile == null) {
      throw new IllegalArgumentException("the dashboard needs a reports directory and an auth file");
    }
  }
}
