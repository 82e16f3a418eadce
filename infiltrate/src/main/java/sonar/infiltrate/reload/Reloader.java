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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import sonar.infiltrate.log.Log;

/**
 * Notices when files the server read at start (certificates, keys, the auth file) change on disk, by
 * their content, and calls whoever reads them to read them again. Checks on its own thread at a fixed
 * interval and whenever asked. A reload that throws is logged; the check goes on. Thread-safe.
 */
public final class Reloader implements AutoCloseable {

  private record Watched(String what, List<Path> files, Runnable reload, List<String> fingerprint) {}

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
  public synchronized void watch(String what, List<Path> files, Runnable reload) {
    watched.add(new Watched(what, List.copyOf(files), reload, fingerprint(files)));
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks now, on the reload thread; completes with the names of what was reloaded. */
  public CompletableFuture<List<String>> checkNow() {
    return CompletableFuture.supplyAsync(this::check, thread);
  }

  private synchronized List<String> check() {
    List<String> reloaded = new ArrayList<>();
    for (int i = 0; i < watched.size(); i++) {
      Watched entry = watched.get(i);
      List<String> now = fingerprint(entry.files());
      if (!now.equals(entry.fingerprint())) {
        watched.set(i, new Watched(entry.what(), entry.files(), entry.reload(), now));
        try {
          entry.reload().run();
          reloaded.add(entry.what());
        } catch (RuntimeException e) {
          log.error("reloading " + entry.what() + " failed", e);
        }
      }
    }
    return reloaded;
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
