package sonar.infiltrate.metrics;

/** The two pages the server keeps about itself: {@code /metrics} for machines, {@code /status} for people. */
public record Monitoring(Metrics metrics, StatusPage status) {}
