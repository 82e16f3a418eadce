package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sonar.exfiltrate.testing.ScriptedServer;

/**
 * Guards the rules of the sender's start path (docs/developing.md): a real run, spooling and sending
 * readings and heartbeats or CSV lines, makes no lambda or method reference of ours, and loads nothing
 * that string concatenation by invokedynamic, records' generated methods, streams, String.format,
 * regular expressions or ProcessHandle bring in, whether our code uses them or the JDK's code that ours
 * calls (as HttpURLConnection did): each costs a cold JVM milliseconds on every node and every run. What
 * the JVM loads to start any program does not count.
 */
class StartPathTest {

  /** Classes whose loading shows that the start path used what it must not, by prefix. */
  private static final List<String> FORBIDDEN = List.of(
      "java.lang.invoke.StringConcatFactory", // string concatenation by invokedynamic
      "java.lang.runtime.ObjectMethods", // a record's toString, equals or hashCode
      "java.lang.runtime.SwitchBootstraps",
      "java.util.stream.", // streams
      "java.util.Formatter", // String.format
      "java.util.regex.", // regular expressions, glob patterns among them
      "java.lang.ProcessHandleImpl", // ProcessHandle, which starts a thread pool
      "com.fasterxml.jackson."); // the sender needs no JSON library

  /**
   * Classes of the JDK whose lambdas a run cannot avoid: every socket has a SocketImpl, on Linux a
   * NioSocketImpl. Others, such as ArrayDeque.addAll's method reference, are avoided by the code that would
   * call them.
   */
  private static final List<String> JDK_LAMBDAS_NEEDED = List.of("java.net.SocketImpl", "sun.nio.ch.NioSocketImpl");

  /** What the JVM loads to start a program that does nothing. */
  static final class DoesNothing {
    public static void main(String[] args) {}
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"json", "json without heartbeats", "csv"})
  void aRunLoadsNothingTheStartPathRulesForbid(String kind) throws Exception {
    String output = kind.startsWith("json") ? "json" : "csv";
    String heartbeat = kind.equals("json without heartbeats") ? ""
        : "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,cmd=_heartbeat_\n";
    Path log = dir.resolve("classes.log");
    try (ScriptedServer server = ScriptedServer.http()) {
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "-window", "0", "-cluster", "cl1", "-target", server.url(), "-spool-dir", dir.resolve("spool").toString(),
          "-output", output)
          .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write((Runner.readings(1, 25) + heartbeat + "v=0.7.0,bad\"line\n").getBytes(StandardCharsets.UTF_8));
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(dir.resolve("out"))).isZero();
      assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(output.equals("json") ? 3 : 1);
    }
    List<String> loaded = loadedClasses(log);
    assertThat(loaded).as("the run was logged").contains("sonar.exfiltrate.Sending", "sonar.exfiltrate.send.Sender");
    loaded.removeAll(baseline());
    List<String> forbidden = new ArrayList<>();
    for (String name : loaded) {
      if (name.contains("$$Lambda") && !JDK_LAMBDAS_NEEDED.contains(name.substring(0, name.indexOf("$$Lambda")))) {
        forbidden.add(name); // a lambda or method reference of ours, or one of the JDK's that ours could avoid
      }
      for (String prefix : FORBIDDEN) {
        if (name.startsWith(prefix)) {
          forbidden.add(name);
        }
      }
    }
    assertThat(forbidden).as("classes loaded against the start path's rules").isEmpty();
  }

  private List<String> baseline() throws Exception {
    Path log = dir.resolve("baseline.log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
        DoesNothing.class.getName()).inheritIO().start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return loadedClasses(log);
  }

  /** The class names of lines such as {@code [0.016s][info][class,load] java.lang.Object source: ...}. */
  private static List<String> loadedClasses(Path log) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int start = line.indexOf("] ", line.indexOf("class,load"));
      if (start > 0) {
        String rest = line.substring(start + 2);
        int end = rest.indexOf(' ');
        names.add(end < 0 ? rest : rest.substring(0, end));
      }
    }
    return names;
  }
}
