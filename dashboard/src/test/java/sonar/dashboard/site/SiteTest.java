package sonar.dashboard.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SiteTest {

  @Test
  void servesEveryFileOfTheSiteAndNothingElse() throws IOException, URISyntaxException {
    Path directory = Path.of(Site.class.getClassLoader().getResource("sonar/dashboard/www/page.html").toURI())
        .getParent();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Site.FILES);
    }
  }

  @Test
  void everyPageIsTheShellWithItsScript() {
    Site site = new Site();
    String node = new String(site.find("node.html").bytes(), StandardCharsets.UTF_8);
    String zombies = new String(site.find("zombies.html").bytes(), StandardCharsets.UTF_8);

    assertThat(node).contains("<title>Node — Sonar dashboard</title>", "<script src=\"node.js\" defer></script>",
        "<script src=\"lib/uPlot.iife.min.js\" defer></script>", "<body data-page=\"node\" data-state=\"loading\">")
        .doesNotContain("{{");
    assertThat(zombies).contains("<script src=\"jobs.js\" defer></script>", "data-page=\"zombies\"")
        .doesNotContain("uPlot").doesNotContain("{{");
  }

  @Test
  void pagesLoadNothingFromAnotherHost() {
    Site site = new Site();
    List<String> names = new ArrayList<>(Site.FILES);
    names.remove("page.html");
    Site.PAGES.forEach(page -> names.add(page.file()));
    for (String name : names) {
      String text = new String(site.find(name).bytes(), StandardCharsets.UTF_8);
      assertThat(text).as(name).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("url\\(\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("(fetch|import)\\s*\\(\\s*[\"'`](https?:)?//");
    }
  }
}
