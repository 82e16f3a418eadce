package sonar.sonalyze.hosts;

import java.util.List;

/**
 * The hosts {@code --host} asks for: any name that one of the patterns matches; all hosts when no
 * pattern was given. Immutable, thread-safe.
 */
public final class HostFilter {

  private final List<HostPattern> patterns;

  public HostFilter(List<HostPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  public boolean matches(String host) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (HostPattern pattern : patterns) {
      if (pattern.matches(host)) {
        return true;
      }
    }
    return false;
  }
}
