package sonar.infiltrate.kafka;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of sonar's topics: {@code [<prefix>.]<cluster>.<type>}, type {@code sample}, {@code sysinfo},
 * {@code job} or {@code cluster} as current sonar sends them, or {@code request} for the older formats a
 * front end publishes (see {@link RecordFormat}). A cluster's name may hold dots
 * ({@code fox.educloud.no.sample}): the type is what follows the last one. Immutable.
 */
final class Topics {

  /** The types of sonar's own envelopes, which name the file they go to. */
  static final List<String> ENVELOPE_TYPES = List.of("sample", "sysinfo", "job", "cluster");
  /** The type of the topics that carry whole requests in the older formats. */
  static final String REQUEST_TYPE = "request";
  /** The characters Kafka allows in a topic name, and its longest. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_NAME = 249;

  /** A topic's cluster and type. */
  record Topic(String cluster, String type) {

    boolean isEnvelope() {
      return !type.equals(REQUEST_TYPE);
    }
  }

  private final String prefix;
  private final Pattern pattern;

  /** @param prefix without its dot; empty for none */
  Topics(String prefix) {
    this.prefix = prefix.isEmpty() ? "" : prefix + ".";
    this.pattern = Pattern.compile(Pattern.quote(this.prefix) + "(.+)\\.("
        + String.join("|", ENVELOPE_TYPES) + "|" + REQUEST_TYPE + ")");
  }

  /** Every topic of every cluster, those that come later included. */
  Pattern pattern() {
    return pattern;
  }

  /** The topics, for a person: {@code <prefix>.<cluster>.{sample,sysinfo,job,cluster,request}}. */
  String describe() {
    return prefix + "<cluster>.{" + String.join(",", ENVELOPE_TYPES) + "," + REQUEST_TYPE + "}";
  }

  /** The cluster and type of a topic, or null when it is none of sonar's. */
  Topic parse(String topic) {
    Matcher matcher = pattern.matcher(topic);
    return matcher.matches() ? new Topic(matcher.group(1), matcher.group(2)) : null;
  }

  /**
   * The topic of a cluster's data of a type.
   *
   * @throws IllegalArgumentException when the cluster's name cannot be part of a topic's
   */
  String name(String cluster, String type) {
    String name = prefix + cluster + "." + type;
    if (!LEGAL.matcher(cluster).matches() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("cluster \"" + cluster + "\" cannot be sent through Kafka: a topic name "
          + "holds at most " + MAX_NAME + " of the characters a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    return name;
  }

  /** Null when the prefix can start a topic's name; else what is wrong with it. */
  static String prefixProblem(String prefix) {
    if (!LEGAL.matcher(prefix).matches() || prefix.length() > MAX_NAME / 2) {
      return "must be at most " + MAX_NAME / 2 + " of the characters a-z, A-Z, 0-9, '.', '_' and '-'";
    }
    return prefix.startsWith(".") || prefix.endsWith(".") ? "must not start or end with a dot" : null;
  }
}
