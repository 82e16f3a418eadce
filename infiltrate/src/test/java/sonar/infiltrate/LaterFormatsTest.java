package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;
import sonar.infiltrate.auth.LoginThrottle;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.JsonDocuments;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** Every later generation of sonar data, posted to a real server and checked in the stored files. */
class LaterFormatsTest {

  @TempDir
  Path data;

  @Test
  void storesFreeCsvOf09And014VerbatimInTheHostFileOfThe07Path() throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      for (String name : List.of("v090_parse_format_test", "v014_n1")) {
        RawHttp.Response response = http.exchange("POST", "/sonar-freecsv?cluster=cl1",
            Vector.named(name).input().getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
      }
    }
    assertThat(Trees.asText(Trees.read(data))).isEqualTo(Map.of(
        "cl1/2024/10/31/ml6.hpc.uio.no.csv", withFinalNewline(Vector.named("v090_parse_format_test").input()),
        "cl1/2025/04/12/n1.cluster1.uio.no.csv", withFinalNewline(Vector.named("v014_n1").input())));
  }

  @Test
  void keeps07JsonAndFreeCsvLinesOfOneHostInOneFileInArrivalOrder() throws Exception {
    String freeCsv = "v=0.9.0,time=2023-10-11T13:30:02+02:00,host=h,user=u,cmd=c,ppid=7,\"gpuinfo=a,b\"\n";
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertThat(http.postJson("/sonar-reading", reading07("cl", "h")).status()).isEqualTo(200);
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=cl", freeCsv.getBytes(StandardCharsets.UTF_8),
          "text/csv; charset=utf-8").status()).isEqualTo(200);
      assertThat(http.postJson("/sonar-heartbeat", "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:31:02+02:00\","
          + "\"cluster\":\"cl\",\"host\":\"h\"}]").status()).isEqualTo(200);
    }
    assertThat(Files.readString(data.resolve("cl/2023/10/11/h.csv"))).isEqualTo(
        "v=0.7.0,time=2023-10-11T13:30:02+02:00,host=h,cores=8,user=u,job=0,pid=0,cmd=c,cpu%=0,cpukib=0,gpus=,"
            + "gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=0,rolledup=0\n"
            + freeCsv
            + "v=0.7.0,time=2023-10-11T13:31:02+02:00,host=h,cores=0,user=_sonar_,job=0,pid=0,cmd=_heartbeat_\n");
  }

  @Test
  void storesNothingOfAFreeCsvBodyWithOneBadLineAndNamesIt() throws Exception {
    String body = "v=0.9.0,time=2023-10-11T13:30:02+02:00,host=a,cmd=c\n\n"
        + "v=0.9.0,time=2023-10-11T13:30:02+02:00,host=b,cmd=say\"hi\"\n";
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      RawHttp.Response refused = http.exchange("POST", "/sonar-freecsv?cluster=cl", body.getBytes(), "text/csv");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("line 3: bare \" in non-quoted field\n");
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=cl", "v=1,host=a,cmd=c\n".getBytes(), "text/csv")
          .body()).isEqualTo("line 1: no time= field\n");
      assertThat(http.exchange("POST", "/sonar-freecsv", "v=1\n".getBytes(), "text/csv").body())
          .isEqualTo("missing query parameter cluster, as in ?cluster=<cluster>\n");
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=..", "v=1\n".getBytes(), "text/csv").body())
          .isEqualTo("query parameter cluster: cluster \"..\" is not a valid name\n");
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=cl", "v=1\n".getBytes(), "application/json").status())
          .isEqualTo(415);
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void appendsOldNodeDescriptionsCompactToTheirSysinfoFile() throws Exception {
    Path samples = Vector.testdata().resolve("sysinfo-old");
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      for (String name : List.of("sysinfo-n1.json", "sysinfo1.json")) {
        for (String message : JsonDocuments.in(samples.resolve(name))) {
          assertThat(http.postJson("/sysinfo?cluster=cl1", message).status()).isEqualTo(200);
        }
      }
    }
    // sysinfo-n1.json is a file the reference stored: two descriptions of one node on one day.
    assertThat(Files.readString(data.resolve("cl1/2025/04/12/sysinfo-n1.cluster1.uio.no.json")))
        .isEqualTo(Files.readString(samples.resolve("sysinfo-n1.json")));
    assertThat(Files.readString(data.resolve("cl1/2024/11/01/sysinfo-ml1.hpc.uio.no.json"))).isEqualTo(
        "{\"timestamp\":\"2024-11-01T00:00:01+01:00\",\"hostname\":\"ml1.hpc.uio.no\",\"description\":\"2x14 "
            + "(hyperthreaded) Intel(R) Xeon(R) Gold 5120 CPU @ 2.20GHz, 125 GiB, 3x NVIDIA GeForce RTX 2080 Ti @ "
            + "11GiB\",\"cpu_cores\":56,\"mem_gb\":125,\"gpu_cards\":3,\"gpumem_gb\":33}\n");
  }

  @Test
  void storesEveryEnvelopeTypeCompactInTheFileOfTheLaterServerAndAnswersWhatTheSinkExpects() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      post(http, "newfmt_samples.json", "sample", expected, List.of(
          "bling.uio.no/2025/04/07/0+sample-bling.json", "mlx.hpc.uio.no/2025/04/07/0+sample-ml6.hpc.uio.no.json"));
      post(http, "sonar-0.19-sample.json", "sample", expected,
          List.of("cluster1.naic.com/2026/04/29/0+sample-slurm-monitor.uio.no.json"));
      post(http, "sonar-0.19-sysinfo.json", "sysinfo", expected,
          List.of("cluster1.naic.com/2026/04/29/0+sysinfo-slurm-monitor.uio.no.json"));
      post(http, "newfmt_slurmjobs.json", "job", expected, List.of(
          "fox.educloud.no/2025/03/11/0+job-slurm.json", "fox.educloud.no/2025/03/11/0+errors-c1-26.fox.json"));
      post(http, "newfmt_cluster.json", "cluster", expected, List.of(
          "xyzzy.no/2025/04/01/0+cluzter-slurm.json", "fram.sigma2.no/2025/04/01/0+cluzter-slurm.json"));

      RawHttp.Response answer = http.postJson("/api/v0/insert/sample", messages("newfmt_samples.json").get(0));
      assertThat(answer.header("Content-Type")).isEqualTo("application/json");
      assertThat(answer.body()).isEqualTo(
          "{\"cluster\":\"bling.uio.no\",\"node\":\"bling\",\"topic\":\"sample\",\"time\":\"2025-04-07T13:53:24+02:00\"}");
      expected.merge("bling.uio.no/2025/04/07/0+sample-bling.json",
          expected.get("bling.uio.no/2025/04/07/0+sample-bling.json"), String::concat);

      assertThat(http.exchange("GET", "/metrics", null, null).body())
          .contains("infiltrate_error_reports_total{cluster=\"fox.educloud.no\"} 1.0");
    }
    assertThat(Trees.asText(Trees.read(data))).isEqualTo(expected);
  }

  @Test
  void keepsEveryValuesTextAsReceivedAndOnlyDropsWhiteSpace() throws Exception {
    String message = "{ \"meta\" : {\"producer\":\"sonar\"},\n \"data\": {\"type\": \"sample\", \"attributes\": {\n"
        + "  \"time\": \"2025-04-07T23:53:24-02:00\", \"cluster\": \"c\", \"node\": \"n\",\n"
        + "  \"load\": 1.50, \"big\": 1e3, \"name\": \"caf\\u00e9 au lait\", \"esc\": \"a\\\" {b}\", \"list\": [ 1 , 2 ] } } }";
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertThat(http.postJson("/api/v1/insert/sample", message).status()).isEqualTo(200);
    }
    assertThat(Files.readString(data.resolve("c/2025/04/08/0+sample-n.json"))).isEqualTo(
        "{\"meta\":{\"producer\":\"sonar\"},\"data\":{\"type\":\"sample\",\"attributes\":{"
            + "\"time\":\"2025-04-07T23:53:24-02:00\",\"cluster\":\"c\",\"node\":\"n\","
            + "\"load\":1.50,\"big\":1e3,\"name\":\"caf\\u00e9 au lait\",\"esc\":\"a\\\" {b}\",\"list\":[1,2]}}}\n");
  }

  @Test
  void refusesEnvelopesThatDoNotHoldWhatTheirPathSays() throws Exception {
    String sample = messages("newfmt_samples.json").get(0);
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertRefused(http, "/api/v1/insert/job", sample, 400,
          "data.type is \"sample\" but job messages have type \"job\" (or \"jobs\")");
      assertRefused(http, "/api/v1/insert/sample", sample.replace("\"node\": \"bling\",", ""), 400,
          "the message has no data.attributes.node");
      assertRefused(http, "/api/v1/insert/sample", sample.replace("2025-04-07T13:53:24+02:00",
          "2025-04-31T13:53:24+02:00"),
          400, "data.attributes.time: bad time \"2025-04-31T13:53:24+02:00\": day out of range");
      assertRefused(http, "/api/v1/insert/sample", "{\"meta\":{},\"data\":{},\"errors\":[]}", 400,
          "\"errors\" is empty");
      assertRefused(http, "/api/v1/insert/sample", "{\"data\":{\"type\":\"sample\"}}", 400,
          "the message has no \"meta\"");
      assertRefused(http, "/api/v1/insert/sample", sample.replace("\"node\": \"bling\"", "\"node\": \"../x\""), 400,
          "data.attributes: node \"../x\" must not contain '/'");
      assertRefused(http, "/api/v1/insert/samples", sample, 404, "no such endpoint: /api/v1/insert/samples");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void refusesASampleFromAUserOfAnotherCluster(@TempDir Path temp) throws Exception {
    LogLines log = new LogLines();
    Path authFile = Files.writeString(temp.resolve("auth"), "bling.uio.no:one\nfox.educloud.no:two\n");
    Access access = new Access(new AuthFile(authFile, log.log()), new LoginThrottle(Clock.systemUTC(), log.log()),
        true);
    String sample = messages("newfmt_samples.json").get(0);
    try (RunningServer server = new RunningServer(data, RunningServer.HTTP, StoreSettings.DEFAULTS, access, null, null);
        RawHttp http = server.connect()) {
      RawHttp.Response refused = http.postJson("/api/v1/insert/sample", sample,
          "Authorization: " + RawHttp.basic("fox.educloud.no", "two"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("data.attributes: cluster \"bling.uio.no\" is not the sender's; user "
          + "\"fox.educloud.no\" may only send data for cluster \"fox.educloud.no\"\n");
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=bling.uio.no", "v=1\n".getBytes(), "text/csv",
          "Authorization: " + RawHttp.basic("fox.educloud.no", "two")).status()).isEqualTo(403);
      assertThat(http.postJson("/api/v1/insert/sample", sample, "Authorization: " + RawHttp.basic("bling.uio.no",
          "one"))
          .status()).isEqualTo(200);
    }
  }

  @Test
  void takesEnvelopesOfSeveralMegabytesWithinTheirOwnLimit() throws Exception {
    StringBuilder jobs = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      jobs.append(i == 0 ? "" : ",").append("{\"job_id\":").append(i).append(",\"job_name\":\"").append("x".repeat(200))
          .append("\",\"job_state\":\"COMPLETED\"}");
    }
    String message = "{\"meta\":{\"producer\":\"sonar\"},\"data\":{\"type\":\"jobs\",\"attributes\":{"
        + "\"time\":\"2025-03-11T09:31:00+01:00\",\"cluster\":\"fox\",\"slurm_jobs\":[" + jobs + "]}}}";
    assertThat(message.length()).isGreaterThan(4 << 20);
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertThat(http.postJson("/api/v1/insert/job", message).status()).isEqualTo(200);
      RawHttp.Response tooLarge = http.postJson("/sonar-reading", message);
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.body()).isEqualTo("the body is larger than the limit of 1048576 bytes\n");
    }
    assertThat(Files.size(data.resolve("fox/2025/03/11/0+job-slurm.json"))).isEqualTo(message.length() + 1);
  }

  /**
   * A compressed envelope is read from its body as sent, inflated again for each reading: it is stored
   * and answered exactly as the same envelope sent plain, and refused with the same words.
   */
  @Test
  void storesAndRefusesACompressedEnvelopeAsTheSamePlainOne() throws Exception {
    String sample = messages("newfmt_samples.json").get(0);
    byte[] plain = sample.getBytes(StandardCharsets.UTF_8);
    String malformed = sample.substring(0, sample.length() / 2) + "\n ]";
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      RawHttp.Response asSent = http.postJson("/api/v1/insert/sample", sample);
      assertThat(asSent.status()).isEqualTo(200);
      for (String coding : List.of("gzip", "deflate")) {
        RawHttp.Response compressed = http.exchange("POST", "/api/v1/insert/sample", compressed(coding, plain),
            "application/json", "Content-Encoding: " + coding);
        assertThat(compressed.status()).as(coding).isEqualTo(200);
        assertThat(compressed.body()).as(coding).isEqualTo(asSent.body());
        for (String[] refused : new String[][] {{"/api/v1/insert/job", sample}, {"/api/v1/insert/sample", malformed}}) {
          RawHttp.Response plainRefusal = http.postJson(refused[0], refused[1]);
          RawHttp.Response refusal = http.exchange("POST", refused[0],
              compressed(coding, refused[1].getBytes(StandardCharsets.UTF_8)), "application/json",
              "Content-Encoding: " + coding);
          assertThat(plainRefusal.status()).isEqualTo(400);
          assertThat(refusal.status()).as(coding).isEqualTo(400);
          assertThat(refusal.body()).as(coding).isEqualTo(plainRefusal.body());
        }
      }
    }
    String line = withoutWhiteSpace(sample) + "\n";
    assertThat(Trees.asText(Trees.read(data)))
        .isEqualTo(Map.of("bling.uio.no/2025/04/07/0+sample-bling.json", line + line + line));
  }

  private static byte[] compressed(String coding, byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressing = coding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      compressing.write(bytes);
    }
    return out.toByteArray();
  }

  private static void assertRefused(RawHttp http, String path, String body, int status, String message)
      throws Exception {
    RawHttp.Response response = http.postJson(path, body);
    assertThat(response.status()).as(message).isEqualTo(status);
    assertThat(response.body()).isEqualTo(message + "\n");
  }

  /** Posts each message of a sample file and notes what each stored file should then hold. */
  private static void post(RawHttp http, String file, String topic, Map<String, String> expected, List<String> paths)
      throws Exception {
    List<String> messages = messages(file);
    assertThat(messages).hasSameSizeAs(paths);
    for (int i = 0; i < messages.size(); i++) {
      RawHttp.Response response = http.postJson("/api/v1/insert/" + topic, messages.get(i));
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      expected.merge(paths.get(i), withoutWhiteSpace(messages.get(i)) + "\n", String::concat);
    }
  }

  private static List<String> messages(String file) throws Exception {
    return JsonDocuments.in(Vector.testdata().resolve("newfmt").resolve(file));
  }

  /** The sample files keep white space inside strings only where it is part of a value. */
  private static String withoutWhiteSpace(String json) {
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString && c == '\\') {
        out.append(c).append(json.charAt(++i));
        continue;
      }
      if (c == '"') {
        inString = !inString;
      }
      if (inString || !Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String withFinalNewline(String text) {
    return text.endsWith("\n") ? text : text + "\n";
  }

  private static String reading07(String cluster, String host) {
    return "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"" + cluster + "\",\"host\":\""
        + host + "\",\"cores\":8,\"user\":\"u\",\"cmd\":\"c\"}]";
  }
}
