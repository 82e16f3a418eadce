package sonar.naicreport;

import java.nio.file.Path;
import java.time.Clock;
import sonar.naicreport.sonalyze.Sonalyzes;

/**
 * What a verb's run depends on besides its arguments: the directory relative paths start from, the
 * clock (its zone is the server's local time zone, which the load reports' {@code date} is in), and how
 * to reach sonalyze. Immutable.
 */
public record Context(Path workingDirectory, Clock clock, Sonalyzes sonalyzes) {}
