package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventLoopsTest {

  @Test
  void runsOneEventLoopForEveryTwoCoresAndAtLeastOne() {
    assertThat(HttpServer.eventLoops(1)).isEqualTo(1);
    assertThat(HttpServer.eventLoops(2)).isEqualTo(1);
    assertThat(HttpServer.eventLoops(3)).isEqualTo(1);
    assertThat(HttpServer.eventLoops(16)).isEqualTo(8);
  }
}
