package sonar.naicreport.sonalyze;

import java.nio.file.Path;
import sonar.naicreport.cli.CommonOptions;
import sonar.naicreport.cli.FlagSet;

/** The flags of the verbs that run sonalyze: {@code -sonalyze} and the node list, {@code -config-file}. */
public final class SonalyzeFlags {

  private final FlagSet.Flag<String> sonalyze;
  private final FlagSet.Flag<String> configFile;

  public SonalyzeFlags(FlagSet flags) {
    sonalyze = flags.string("sonalyze", "", "Path to sonalyze executable (default: the one built in)");
    configFile = flags.string("config-file", "", "Path to system config file (required)");
  }

  /** @throws IllegalArgumentException when there is neither {@code -sonalyze} nor a built-in sonalyze */
  public SonalyzeRunner runner(Sonalyzes sonalyzes) {
    return sonalyzes.choose(sonalyze.value());
  }

  /** @throws IllegalArgumentException when {@code -config-file} is missing */
  public Path configFile(Path workingDirectory) {
    return CommonOptions.cleanPath(configFile.value(), "-config-file", workingDirectory);
  }
}
