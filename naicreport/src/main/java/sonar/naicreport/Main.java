package sonar.naicreport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import sonar.naicreport.sonalyze.InProcessSonalyze;
import sonar.naicreport.sonalyze.Sonalyzes;

/** Starts naicreport: the real working directory, clock, environment and streams, then {@link Naicreport}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
    Path workingDirectory = Path.of("").toAbsolutePath();
    Clock clock = Clock.systemDefaultZone();
    Context context = new Context(workingDirectory, clock,
        new Sonalyzes(workingDirectory, System.getenv(), new InProcessSonalyze(System.getenv(), clock)));
    int status = Naicreport.run(List.of(args), context, out, err);
    out.flush();
    err.flush();
    System.exit(status);
  }
}
