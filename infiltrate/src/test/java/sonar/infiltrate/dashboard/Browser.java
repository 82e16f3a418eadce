package sonar.infiltrate.dashboard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven through chromedriver, with Basic credentials sent on every request, a desktop
 * or phone-sized window, and full-page screenshots. Debian's chromium and chromium-driver; a test that
 * needs them is skipped, saying so, where they are missing.
 */
final class Browser implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final List<String> CHROMIUMS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a browser with a new empty profile in profileDirectory, or skips the test. */
  static Browser startOrSkip(Path profileDirectory) {
    String chromium = CHROMIUMS.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    String chromedriver = DRIVERS.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    assumeTrue(chromium != null && chromedriver != null,
        "the browser tests need Chromium and chromedriver (apt-get install chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    // Without the background networking flags this machine's closed network refuses its connections.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profileDirectory, "--window-size=1400,900",
        "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(DEADLINE).scriptTimeout(DEADLINE);
    return new Browser(driver);
  }

  /** Sends these credentials with every request from now on. */
  void authorize(String user, String password) {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic "
        + token)));
  }

  /** A phone's window: 390 by 844 CSS pixels at twice the density, touch. */
  void phone() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
  }

  void desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Opens the page and waits until it has rendered or said what is wrong; returns its state. */
  String open(String url) {
    console(); // what earlier pages logged is theirs
    driver.get(url);
    Object state = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
        + "const check = () => { const s = document.body && document.body.dataset.state;"
        + "  if (s === 'ready' || s === 'error') { done(s); return true; } return false; };"
        + "if (!check()) { new MutationObserver((changes, observer) => { if (check()) observer.disconnect(); })"
        + "  .observe(document.documentElement, {attributes: true, subtree: true, attributeFilter: ['data-state']}); }");
    return (String) state;
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  String text(String selector) {
    return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", selector);
  }

  /** The whole page, not only the window, as PNG. */
  void screenshot(Path file) throws IOException {
    Number width = (Number) js("return Math.ceil(document.documentElement.scrollWidth)");
    Number height = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
        "format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** What the pages logged to the console since the last call. */
  List<LogEntry> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
