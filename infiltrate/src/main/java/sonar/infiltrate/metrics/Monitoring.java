package sonar.infiltrate.metrics;

import sonar.infiltrate.log.RefusalLog;

/**
 * What the server keeps about itself and its clients: {@code /metrics} for machines, {@code /status} for
 * people, and the log of refused requests.
 */
public record Monitoring(Metrics metrics, StatusPage status, RefusalLog refusals) {}
