package sonar.naicreport.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks a node list as naicreport will read it, for {@code ops/install.sh --cluster NAME --nodes FILE}:
 * silent and exit 0 when it is good, one line and exit 1 when it is not.
 */
public final class NodeListCheck {

  private NodeListCheck() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -cp naicreport.jar " + NodeListCheck.class.getName() + " NODES.json");
      System.exit(2);
    }
    try {
      if (ConfigFile.read(Path.of(args[0])).isEmpty()) {
        System.err.println("config file " + args[0] + " lists no nodes");
        System.exit(1);
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
