package sonar.naicreport.hostnames;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sonar.naicreport.Context;
import sonar.naicreport.Verb;
import sonar.naicreport.files.ReportFile;
import sonar.naicreport.json.GoJson;

/**
 * {@code hostnames <dir>}: the hosts that have load reports in a report directory, for the dashboard's
 * menu: every regular file named {@code <host>-<minutely|daily|weekly|monthly|quarterly>.json} gives its
 * host (a subcluster's {@code ml-nvidia-weekly.json} gives {@code ml-nvidia}). Printed as a sorted JSON
 * array of distinct names and a newline. Stateless.
 */
public final class HostnamesVerb implements Verb {

  /** The reference's pattern; its {@code .} before {@code json} matches any character, as there. */
  private static final Pattern REPORT = Pattern.compile("^(.*)-(?:minutely|daily|weekly|monthly|quarterly).json$");

  @Override
  public void run(List<String> args, Context context, PrintStream out, PrintStream err) throws IOException {
    if (args.size() != 1) {
      throw new IllegalArgumentException("Requires one argument: the log directory");
    }
    if (args.get(0).equals("-h")) {
      err.print("Usage of naicreport hostnames:\n"
          + "    naicreport hostnames <dirname>\n"
          + "      <dirname> names the directory containing the load reports\n");
      return;
    }
    Path directory = context.workingDirectory().resolve(args.get(0));
    TreeSet<String> hosts = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Matcher matcher = REPORT.matcher(name);
        if (matcher.matches() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          hosts.add(matcher.group(1));
        }
      }
    } catch (NoSuchFileException e) {
      throw new IOException("open " + args.get(0) + ": no such file or directory", e);
    } catch (NotDirectoryException e) {
      throw new IOException("open " + args.get(0) + ": not a directory", e);
    } catch (IOException e) {
      throw new IOException("cannot list " + args.get(0) + ": " + ReportFile.reason(e), e);
    }
    GoJson json = new GoJson().beginArray();
    for (String host : hosts) {
      json.value(host);
    }
    out.print(json.endArray() + "\n");
  }
}
