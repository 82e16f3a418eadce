package sonar.dashboard.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SiteTest {

  @Test
  void servesEveryFileOfTheSiteAndNothingElse() throws IOException, URISyntaxException {
    Path directory = Path.of(Site.class.getClassLoader().getResource("sonar/dashboard/www/index.html").toURI()).getParent();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Site.FILES);
    }
  }

  @Test
  void pagesLoadNothingFromAnotherHost() {
    Site site = new Site();
    for (String name : Site.FILES) {
      String text = new String(site.find(name).bytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).as(name).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("url\\(\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("(fetch|import)\\s*\\(\\s*[\"'`](https?:)?//");
    }
  }
}
