package sonar.sonalyze;

import java.time.Clock;
import java.util.Arrays;

/** The {@code sonalyze} program: the process's arguments, environment, clock and streams to {@link Sonalyze}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int status = Sonalyze.run(Arrays.asList(args), System.getenv(), Clock.systemUTC(), System.out, System.err);
    System.out.flush();
    System.exit(status);
  }
}
