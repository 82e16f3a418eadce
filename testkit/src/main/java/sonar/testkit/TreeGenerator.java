package sonar.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a data tree as the logger stores sonar 0.7 data, for benchmarks and tests: {@code <out>/<cluster>/<yyyy>/
 * <mm>/<dd>/<host>.csv}, a sample every 5 minutes per host in local time +01:00, each line a rolled-up
 * job (a heartbeat when none runs), jobs starting and ending at random, some using GPUs, a few zombies.
 * CPU figures are multiples of 0.5 and cpu times of 3, so that sums over them are exact. The same
 * arguments make the same tree.
 *
 * <pre>java -cp testkit/target/classes sonar.testkit.TreeGenerator OUT HOSTS DAYS [JOBS_PER_HOST [START [SEED]]]</pre>
 */
public final class TreeGenerator {

  private static final String CLUSTER = "ml.example.org";
  private static final ZoneOffset LOCAL = ZoneOffset.ofHours(1);
  private static final int STEPS_PER_DAY = 288;
  private static final String[] COMMANDS = {"python3", "python", "julia", "R", "matlab", "pmemd.cuda", "gmx_mpi",
      "java", "bash", "ollama"};
  private static final String[] GPU_SETS = {"0", "1", "\"gpus=0,1\"", "\"gpus=2,3\"", "4"};

  private TreeGenerator() {}

  /** One job running on a host. */
  private static final class Job {
    long id;
    String user;
    String cmd;
    int endStep;
    double cpu;
    long kib;
    String gpus;
    int gpu;
    long cputime;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: TreeGenerator OUT HOSTS DAYS [JOBS_PER_HOST [START [SEED]]]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int hosts = Integer.parseInt(args[1]);
    int days = Integer.parseInt(args[2]);
    int jobsPerHost = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    LocalDate start = args.length > 4 ? LocalDate.parse(args[4]) : LocalDate.of(2024, 1, 1);
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
    generate(out, hosts, days, jobsPerHost, start, seed);
  }

  /** Hosts {@code node000.ml.example.org} and on, under {@code out/ml.example.org/}. */
  public static void generate(Path out, int hosts, int days, int jobsPerHost, LocalDate start, long seed)
      throws IOException {
    Random random = new Random(seed);
    long[] nextId = {100_000};
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    OffsetDateTime first = start.atStartOfDay().atOffset(LOCAL);
    for (int h = 0; h < hosts; h++) {
      String host = String.format(Locale.ROOT, "node%03d.%s", h, CLUSTER);
      List<Job> jobs = new ArrayList<>();
      int initial = random.nextInt(jobsPerHost + 1);
      for (int i = 0; i < initial; i++) {
        jobs.add(newJob(random, 0, nextId));
      }
      BufferedWriter file = null;
      LocalDate fileDay = null;
      StringBuilder line = new StringBuilder(256);
      for (int step = 0; step < days * STEPS_PER_DAY; step++) {
        OffsetDateTime time = first.plusMinutes(5L * step);
        if (!time.toLocalDate().equals(fileDay)) {
          if (file != null) {
            file.close();
          }
          fileDay = time.toLocalDate();
          Path dir = out.resolve(CLUSTER).resolve(String.format(Locale.ROOT, "%04d/%02d/%02d", fileDay.getYear(),
              fileDay.getMonthValue(), fileDay.getDayOfMonth()));
          Files.createDirectories(dir);
          file = Files.newBufferedWriter(dir.resolve(host + ".csv"), StandardCharsets.UTF_8);
        }
        int now = step;
        jobs.removeIf(job -> job.endStep <= now);
        while (jobs.size() < jobsPerHost && random.nextDouble() < 0.3) {
          jobs.add(newJob(random, step, nextId));
        }
        String stamp = time.format(iso);
        if (jobs.isEmpty()) {
          file.write("v=0.7.0,time=" + stamp + ",host=" + host + ",cores=64,user=_sonar_,cmd=_heartbeat_\n");
          continue;
        }
        for (Job job : jobs) {
          job.cputime += 3 * (long) job.cpu;
          double cpu = Math.round(job.cpu * (0.8 + 0.4 * random.nextDouble()) * 2) / 2.0;
          line.setLength(0);
          line.append("v=0.7.0,time=").append(stamp).append(",host=").append(host).append(",cores=64,user=")
              .append(job.user).append(",job=").append(job.id).append(",pid=0,cmd=").append(job.cmd)
              .append(",cpu%=").append(String.format(Locale.ROOT, "%.1f", cpu)).append(",cpukib=").append(job.kib);
          if (job.gpus != null) {
            line.append(',').append(job.gpus.startsWith("\"") ? job.gpus : "gpus=" + job.gpus)
                .append(",gpu%=").append(job.gpu).append(",gpumem%=").append(job.gpu / 2)
                .append(",gpukib=").append(job.kib / 4);
          }
          line.append(",cputime_sec=").append(job.cputime).append(",rolledup=").append(1 + random.nextInt(6))
              .append('\n');
          file.append(line);
        }
      }
      if (file != null) {
        file.close();
      }
    }
  }

  private static Job newJob(Random random, int step, long[] nextId) {
    Job job = new Job();
    job.id = ++nextId[0];
    job.user = String.format(Locale.ROOT, "user%02d", random.nextInt(40));
    boolean zombie = random.nextDouble() < 0.01;
    job.cmd = zombie ? "<defunct>" : COMMANDS[random.nextInt(COMMANDS.length)];
    job.endStep = step + 1 + random.nextInt(STEPS_PER_DAY);
    job.cpu = 50 + random.nextDouble() * 3150;
    job.kib = 100_000 + (long) (random.nextDouble() * 63_900_000);
    if (random.nextDouble() < 0.6) {
      job.gpus = GPU_SETS[random.nextInt(GPU_SETS.length)];
      job.gpu = random.nextInt(101);
    }
    return job;
  }
}
