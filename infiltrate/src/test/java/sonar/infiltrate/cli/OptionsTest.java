package sonar.infiltrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.infiltrate.kafka.KafkaSettings;

class OptionsTest {

  private static final Path HOME = Path.of("/home/sonar");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void takesTheSeedsCommandLineAsWritten() {
    Config config = parse("-data-path", "/home/sonar/sonar/data", "-port", "8086", "-auth-file",
        "/home/sonar/.ssh/exfil-auth.txt").config();
    assertThat(config.dataPath()).isEqualTo(Path.of("/home/sonar/sonar/data"));
    assertThat(config.http().httpPort()).isEqualTo(8086);
    assertThat(config.authFile()).isEqualTo(Path.of("/home/sonar/.ssh/exfil-auth.txt"));
  }

  @Test
  void acceptsTwoDashesEqualsSignsAndTheDataDirAlias() {
    Config config = parse("--data-dir=/d", "--port=9000", "-v").config();
    assertThat(config.dataPath()).isEqualTo(Path.of("/d"));
    assertThat(config.http().httpPort()).isEqualTo(9000);
    assertThat(config.http().verbose()).isTrue();
  }

  @Test
  void defaultsToSonarDataInTheHomeDirectoryAndPort8086() {
    Config config = parse().config();
    assertThat(config.dataPath()).isEqualTo(HOME.resolve("sonar/data"));
    assertThat(config.http().httpPort()).isEqualTo(8086);
    assertThat(config.authFile()).isNull();
    assertThat(config.http().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(config.http().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(Options.isDefaultDataPath(config, HOME)).isTrue();
  }

  @Test
  void spendsAtMostHalfTheDescriptorLimitOnOpenFilesAndAQuarterOnConnections() {
    Config small = Options.parse(new String[0], HOME, 1024, 256 << 20, new PrintWriter(out),
        new PrintWriter(err)).config();
    assertThat(small.store().maxOpenFiles()).isEqualTo(512);
    assertThat(small.http().maxConnections()).isEqualTo(256);
    Config large = Options.parse(new String[0], HOME, 1 << 20, 256 << 20, new PrintWriter(out),
        new PrintWriter(err)).config();
    assertThat(large.store().maxOpenFiles()).isEqualTo(8192);
    assertThat(large.http().maxConnections()).isEqualTo(4096);
  }

  @Test
  void expandsATildeThatTheShellLeftAlone() {
    assertThat(parse("-data-path=~/x").config().dataPath()).isEqualTo(HOME.resolve("x"));
  }

  @Test
  void exitsTwoWithAMessageForAnUnknownFlag() {
    Options.Parsed parsed = parse("-bogus");
    assertThat(parsed.config()).isNull();
    assertThat(parsed.exitStatus()).isEqualTo(2);
    assertThat(err.toString()).startsWith("infiltrate: Unknown option: '-bogus'\nUsage: infiltrate");
  }

  @Test
  void exitsTwoNamingTheFlagOfABadValue() {
    assertThat(parse("-port", "70000").exitStatus()).isEqualTo(2);
    assertThat(err.toString()).startsWith("infiltrate: -port must be from 0 to 65535, not 70000\n");
  }

  @Test
  void takesTheKafkaFlagsInOneBlockWithSonalyzesGroupByDefault() {
    Config config = parse("-kafka-brokers", "k1.example.org:9093,[::1]:9092", "-kafka-topic-prefix", "site.test",
        "-kafka-ca", "~/kafka-ca.pem", "-kafka-user", "fox.educloud.no", "-kafka-password-file", "/etc/pw").config();
    KafkaSettings kafka = config.kafka();
    assertThat(kafka.brokers()).isEqualTo("k1.example.org:9093,[::1]:9092");
    assertThat(kafka.group()).isEqualTo("jobanalyzer-ingest");
    assertThat(kafka.topicPrefix()).isEqualTo("site.test");
    assertThat(kafka.caFile()).isEqualTo(HOME.resolve("kafka-ca.pem"));
    assertThat(kafka.user()).isEqualTo("fox.educloud.no");
    assertThat(kafka.passwordFile()).isEqualTo(Path.of("/etc/pw"));
    assertThat(parse("-kafka-brokers", "k:9092", "-kafka-group", "mine").config().kafka().group()).isEqualTo("mine");
    assertThat(parse().config().kafka()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-kafka-brokers=k1                    | -kafka-brokers must be HOST:PORT[,HOST:PORT...], not \"k1\"",
      "-kafka-brokers=k1:9092,              | -kafka-brokers must be HOST:PORT[,HOST:PORT...], not \"k1:9092,\"",
      "-kafka-brokers=k1:99999              | -kafka-brokers must be HOST:PORT[,HOST:PORT...], not \"k1:99999\"",
      "-kafka-group=g                       | -kafka-group needs -kafka-brokers",
      "-kafka-ca=/ca.pem                    | -kafka-ca needs -kafka-brokers",
      "-kafka-brokers=k:1 -kafka-group=     | -kafka-group must not be empty",
      "-kafka-brokers=k:1 -kafka-user=u     | -kafka-user and -kafka-password-file go together",
      "-kafka-brokers=k:1 -kafka-topic-prefix=a/b | -kafka-topic-prefix \"a/b\" must be at most 124 of the characters "
          + "a-z, A-Z, 0-9, '.', '_' and '-'",
      "-kafka-brokers=k:1 -kafka-topic-prefix=.a  | -kafka-topic-prefix \".a\" must not start or end with a dot",
  })
  void refusesBadKafkaFlagsInOneLine(String args, String message) {
    assertThat(parse(args.split(" ")).exitStatus()).isEqualTo(2);
    assertThat(err.toString()).startsWith("infiltrate: " + message + "\nUsage: infiltrate");
  }

  @Test
  void printsHelpAndExitsZero() {
    Options.Parsed parsed = parse("--help");
    assertThat(parsed.exitStatus()).isZero();
    assertThat(out.toString()).contains("-data-path", "-auth-file", "-max-body-bytes");
  }

  @Test
  void takesTheDashboardsReportsAndReaders() {
    Config config = parse("-auth-file", "/etc/sonar/senders", "-dashboard-reports", "~/sonar/reports",
        "--dashboard-auth-file=/etc/sonar/readers").config();
    assertThat(config.dashboard().reports()).isEqualTo(HOME.resolve("sonar/reports"));
    assertThat(config.dashboard().authFile()).isEqualTo(Path.of("/etc/sonar/readers"));
    assertThat(parse().config().dashboard()).isNull();
  }

  @Test
  void theDashboardNeedsReadersOfItsOwn() {
    assertThat(parse("-dashboard-reports", "/r").exitStatus()).isEqualTo(2);
    assertThat(parse("-dashboard-auth-file", "/a", "-dashboard-reports", "/r", "-auth-file", "/a").exitStatus())
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("infiltrate: -dashboard-reports and -dashboard-auth-file go together: the "
        + "dashboard shows user names and commands\n").contains("\ninfiltrate: -dashboard-auth-file must not be the "
        + "senders' -auth-file: the dashboard's readers need their own\n");
  }

  private Options.Parsed parse(String... args) {
    return Options.parse(args, HOME, 100_000, 256 << 20, new PrintWriter(out, true), new PrintWriter(err, true));
  }
}
