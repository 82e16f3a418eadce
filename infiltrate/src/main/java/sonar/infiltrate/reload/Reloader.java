package sonar.infiltrate.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import sonar.infiltrate.log.Log;

/**
 * Notices when files the server read at start (certificates, keys, the auth file) change on disk, by
 * their content, and calls whoever reads them to read them again. Checks on its own thread at a fixed
 * interval and whenever asked, and says what was put in service and what was refused; a refusal is
 * reported again at every check until the files change. A reload that throws is logged; the check goes
 * on. Thread-safe.
 */
public final class Reloader implements AutoCloseable {

  /** Reads files again and puts what they hold in service if it is good. */
  @FunctionalInterface
  public interface Reload {
    /** @return null when the new content is in service; else why it was refused (logged already) */
    String reload();
  }

  /**
   * What a check came to.
   *
   * @param reloaded what was read again and put in service, by name
   * @param refused for each thing refused, a sentence naming it, the problem, and that the old one stays
   */
  public record Outcome(List<String> reloaded, List<String> refused) {
    public Outcome {
      reloaded = List.copyOf(reloaded);
      refused = List.copyOf(refused);
    }
  }

  /** @param problem why the last reload was refused, or null */
  private record Watched(String what, List<Path> files, Reload reload, List<String> fingerprint, String problem) {}

  private final Duration interval;
  private final Log log;
  private final List<Watched> watched = new ArrayList<>();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread named = new Thread(runnable, "reload");
    named.setDaemon(true);
    return named;
  });

  public Reloader(Duration interval, Log log) {
    this.interval = interval;
    this.log = log;
  }

  /** Calls reload whenever any of the files changes; call before {@link #start}. */
  public synchronized void watch(String what, List<Path> files, Reload reload) {
    watched.add(new Watched(what, List.copyOf(files), reload, fingerprint(files), null));
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks now, on the reload thread. */
  public CompletableFuture<Outcome> checkNow() {
    try {
      return CompletableFuture.supplyAsync(this::check, thread);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e); // closed: the server is stopping
    }
  }

  private synchronized Outcome check() {
    List<String> reloaded = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < watched.size(); i++) {
      Watched entry = watched.get(i);
      List<String> now = fingerprint(entry.files());
      String problem = entry.problem();
      if (!now.equals(entry.fingerprint())) {
        problem = reload(entry);
        if (problem == null) {
          reloaded.add(entry.what());
        }
      }
      watched.set(i, new Watched(entry.what(), entry.files(), entry.reload(), now, problem));
      if (problem != null) {
        refused.add("refused the new " + entry.what() + ", the one in service stays: " + problem);
      }
    }
    return new Outcome(reloaded, refused);
  }

  private String reload(Watched entry) {
    try {
      return entry.reload().reload();
    } catch (RuntimeException e) {
      log.error("reloading " + entry.what() + " failed", e);
      return "reloading it failed: " + e;
    }
  }

  /** A digest of each file's content, or why it cannot be read: a change in either means "read again". */
  private static List<String> fingerprint(List<Path> files) {
    List<String> fingerprint = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        fingerprint.add(HexFormat.of().formatHex(digest));
      } catch (IOException e) {
        fingerprint.add("unreadable: " + e);
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("every Java platform has SHA-256", e);
      }
    }
    return fingerprint;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
