package sonar.sonalyze.uptime;

/** One line of {@code uptime}: a device of a host was up or down from start to end ({@code YYYY-MM-DD HH:MM}). */
record Report(String device, String host, String state, String start, String end) {}
