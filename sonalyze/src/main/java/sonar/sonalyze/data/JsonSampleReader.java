package sonar.sonalyze.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import sonar.sonalyze.config.NodeConfig;

/**
 * Reads the JSON files of the store: the envelopes of sonar 0.13 and later ({@code 0+sample-<node>.json}
 * and {@code 0+sysinfo-<node>.json}, one message per line) and the node descriptions of sonar 0.7 to
 * 0.14 ({@code sysinfo-<host>.json}). A sample message becomes one sample per process, as a free CSV
 * line of the same run would have been: {@code cpu%} from {@code cpu_avg}, {@code cpukib} from
 * {@code virtual_memory} (data + stack, as {@code cpukib} always was), {@code rssanonkib} from
 * {@code resident_memory}, {@code cputime_sec} from {@code cpu_time}, the GPU figures summed over the
 * process's cards, {@code gpufail} set when a card of the node reports a failure, and {@code cores} the
 * number of CPUs the node reports; a message without jobs becomes a heartbeat. Error messages and the
 * other types carry no samples and are skipped. A line that is not JSON is reported and skipped. Not
 * thread-safe: one per worker.
 */
public final class JsonSampleReader {

  private static final double KIB_PER_GB = 1.0 / (1024.0 * 1024.0);

  private final JsonFactory factory = new JsonFactory();

  /** A node description with the time it was taken. */
  public record Described(long time, NodeConfig config) {}

  /**
   * Reads text[0, length): samples to samples, node descriptions to described, bad lines to bad. A file
   * of one message per line, as the store writes them, is read line by line, so that a bad line spoils
   * nothing else; any other layout (a description printed over several lines) as a stream of messages.
   */
  public void read(byte[] text, int length, List<Sample> samples, List<Described> described,
      Problems.BadLines bad) {
    if (oneMessagePerLine(text, length)) {
      int line = 1;
      for (int start = 0; start < length; line++) {
        int end = start;
        while (end < length && text[end] != '\n') {
          end++;
        }
        readStream(text, start, end, line, samples, described, bad);
        start = end + 1;
      }
      return;
    }
    readStream(text, 0, length, 1, samples, described, bad);
  }

  private static boolean oneMessagePerLine(byte[] text, int length) {
    boolean lineStart = true;
    for (int i = 0; i < length; i++) {
      byte b = text[i];
      if (lineStart && b != '\n' && b != '{') {
        return false;
      }
      lineStart = b == '\n';
    }
    return true;
  }

  /** Reads the messages of text[from, length), the first on line firstLine, resuming after a bad line. */
  private void readStream(byte[] text, int from, int length, int firstLine, List<Sample> samples,
      List<Described> described, Problems.BadLines bad) {
    int at = from;
    int lineOfAt = firstLine;
    while (at < length) {
      JsonParser parser = null;
      try {
        parser = factory.createParser(text, at, length - at);
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token != JsonToken.START_OBJECT) {
            throw new BadMessage("expected a JSON object");
          }
          readMessage(parser).deliver(samples, described);
        }
        return;
      } catch (JsonProcessingException | BadMessage e) {
        // Resume on the line after the problem: the store writes one message per line.
        JsonLocation where = e instanceof JsonProcessingException json && json.getLocation() != null
            ? json.getLocation() : parser.currentLocation();
        bad.add(lineOfAt + Math.max(0, where.getLineNr() - 1), reason(e));
        int next = (int) Math.min(length, at + Math.max(0, where.getByteOffset()));
        while (next < length && text[next] != '\n') {
          next++;
        }
        for (int i = at; i < next; i++) {
          if (text[i] == '\n') {
            lineOfAt++;
          }
        }
        lineOfAt++;
        at = next + 1;
      } catch (IOException e) {
        throw new UncheckedIOException("reading JSON held in memory", e);
      } finally {
        close(parser);
      }
    }
  }

  private static void close(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing a parser of bytes held in memory", e);
      }
    }
  }

  private static String reason(Exception e) {
    String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    int cut = message.indexOf('\n');
    return "not a sonar JSON message: " + (cut < 0 ? message : message.substring(0, cut));
  }

  /** A message that is JSON but not what sonar sends. */
  static final class BadMessage extends RuntimeException {
    private static final long serialVersionUID = 1;

    BadMessage(String message) {
      super(message, null, false, false);
    }
  }

  private JsonMessage readMessage(JsonParser parser) throws IOException {
    JsonMessage message = new JsonMessage();
    boolean envelope = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "meta" -> {
          envelope = true;
          readMeta(parser, value, message);
        }
        case "data" -> {
          envelope = true;
          readData(parser, value, message);
        }
        case "errors" -> {
          envelope = true;
          message.type = "errors";
          parser.skipChildren();
        }
        case "hostname" -> message.node = text(parser, value, name);
        case "timestamp" -> message.time = text(parser, value, name);
        case "description" -> message.description = text(parser, value, name);
        case "cpu_cores" -> message.cpuCores = count(parser, value, name);
        case "mem_gb" -> message.memGb = number(parser, value, name);
        case "gpu_cards" -> message.gpuCards = count(parser, value, name);
        case "gpumem_gb" -> message.gpumemGb = number(parser, value, name);
        default -> parser.skipChildren();
      }
    }
    if (!envelope) {
      if (message.node == null || message.node.isEmpty()) {
        throw new BadMessage("neither an envelope nor a node description with a hostname");
      }
      message.oldSysinfo = true;
    }
    return message;
  }

  private static void readMeta(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    expectObject(value, "meta");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (name.equals("version")) {
        message.version = text(parser, token, "meta.version");
      } else {
        parser.skipChildren();
      }
    }
  }

  private void readData(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    expectObject(value, "data");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (name.equals("type")) {
        message.type = text(parser, token, "data.type");
      } else if (name.equals("attributes")) {
        expectObject(token, "data.attributes");
        readAttributes(parser, message);
      } else {
        parser.skipChildren();
      }
    }
  }

  private void readAttributes(JsonParser parser, JsonMessage message) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "time" -> message.time = text(parser, value, name);
        case "node" -> message.node = text(parser, value, name);
        case "system" -> readSystem(parser, value, message);
        case "jobs" -> readJobs(parser, value, message);
        case "sockets" -> message.sockets = count(parser, value, name);
        case "cores_per_socket" -> message.coresPerSocket = count(parser, value, name);
        case "threads_per_core" -> message.threadsPerCore = count(parser, value, name);
        case "cpu_model" -> message.cpuModel = text(parser, value, name);
        case "memory" -> message.memGb = count(parser, value, name) * KIB_PER_GB;
        case "cards" -> readCards(parser, value, message);
        default -> parser.skipChildren();
      }
    }
  }

  private static void readSystem(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    expectObject(value, "system");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (name.equals("cpus") && token == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          message.cpus++;
          parser.skipChildren();
        }
      } else if (name.equals("gpus") && token == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            if (field.equals("failing") && count(parser, fieldValue, "failing") != 0) {
              message.gpuFailing = true;
            } else {
              parser.skipChildren();
            }
          }
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private static void readCards(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new BadMessage("\"cards\" is not an array");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String model = "";
      double memory = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken fieldValue = parser.nextToken();
        if (field.equals("model")) {
          model = text(parser, fieldValue, "model");
        } else if (field.equals("memory")) {
          memory = count(parser, fieldValue, "memory") * KIB_PER_GB;
        } else {
          parser.skipChildren();
        }
      }
      message.cardModels.add(model);
      message.cardMemoryGb.add(memory);
    }
  }

  private void readJobs(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new BadMessage("\"jobs\" is not an array");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      long job = 0;
      long epoch = 0;
      String user = null;
      int first = message.processes.size();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (name) {
          case "job" -> job = count(parser, token, name);
          case "epoch" -> epoch = count(parser, token, name);
          case "user" -> user = text(parser, token, name);
          case "processes" -> readProcesses(parser, token, message);
          default -> parser.skipChildren();
        }
      }
      if (user == null || user.isEmpty()) {
        throw new BadMessage("a job without a user");
      }
      for (int i = first; i < message.processes.size(); i++) {
        Sample sample = message.processes.get(i);
        sample.job = job;
        sample.epoch = epoch;
        sample.user = user;
      }
    }
  }

  private static void readProcesses(JsonParser parser, JsonToken value, JsonMessage message) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new BadMessage("\"processes\" is not an array");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      Sample sample = new Sample();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (name) {
          case "cmd" -> sample.cmd = text(parser, token, name);
          case "pid" -> sample.pid = count(parser, token, name);
          case "ppid" -> sample.ppid = count(parser, token, name);
          case "cpu_avg" -> sample.cpuPct = number(parser, token, name);
          case "cpu_time" -> sample.cputimeSec = count(parser, token, name);
          case "virtual_memory" -> sample.memGb = count(parser, token, name) * KIB_PER_GB;
          case "resident_memory" -> sample.rssAnonKib = count(parser, token, name);
          case "rolledup" -> sample.rolledup = count(parser, token, name);
          case "gpus" -> readProcessGpus(parser, token, sample);
          default -> parser.skipChildren();
        }
      }
      if (sample.cmd == null) {
        sample.cmd = "";
      }
      message.processes.add(sample);
    }
  }

  private static void readProcessGpus(JsonParser parser, JsonToken value, Sample sample) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new BadMessage("\"gpus\" of a process is not an array");
    }
    GpuSet gpus = GpuSet.EMPTY;
    double memoryKib = 0;
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (name) {
          case "index" -> gpus = gpus.union(GpuSet.of(count(parser, token, name)));
          case "gpu_util" -> sample.gpuPct += number(parser, token, name);
          case "gpu_memory_util" -> sample.gpumemPct += number(parser, token, name);
          case "gpu_memory" -> memoryKib += count(parser, token, name);
          default -> parser.skipChildren();
        }
      }
    }
    sample.gpus = gpus;
    sample.gpumemGb = memoryKib * KIB_PER_GB;
  }

  private static void expectObject(JsonToken token, String name) {
    if (token != JsonToken.START_OBJECT) {
      throw new BadMessage("\"" + name + "\" is not an object");
    }
  }

  private static String text(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw new BadMessage("\"" + name + "\" is not a string");
    }
    return parser.getText();
  }

  private static long count(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0) {
      throw new BadMessage("\"" + name + "\" is not an unsigned integer");
    }
    return parser.getLongValue();
  }

  private static double number(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new BadMessage("\"" + name + "\" is not a number");
    }
    return parser.getDoubleValue();
  }
}
