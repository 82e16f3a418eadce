package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void takesTheTypeAfterTheLastDotSoThatClusterNamesKeepTheirs() {
    Topics topics = new Topics("");
    assertThat(topics.parse("fox.educloud.no.sample")).isEqualTo(new Topics.Topic("fox.educloud.no", "sample"));
    assertThat(topics.parse("fox.educloud.no.job")).isEqualTo(new Topics.Topic("fox.educloud.no", "job"));
    assertThat(topics.parse("fox.request")).isEqualTo(new Topics.Topic("fox", "request"));
    assertThat(topics.parse("fox.educloud.no.control.node")).isNull();
    assertThat(topics.parse("fox.jobs")).isNull();
    assertThat(topics.parse("__consumer_offsets")).isNull();
    assertThat(topics.parse(".sample")).isNull();
  }

  @Test
  void readsOnlyTheTopicsUnderItsPrefix() {
    Topics topics = new Topics("site.prod");
    assertThat(topics.parse("site.prod.fox.educloud.no.sysinfo"))
        .isEqualTo(new Topics.Topic("fox.educloud.no", "sysinfo"));
    assertThat(topics.parse("fox.educloud.no.sysinfo")).isNull();
    assertThat(topics.parse("siteXprod.fox.sysinfo")).isNull();
    assertThat(topics.name("fox.educloud.no", "cluster")).isEqualTo("site.prod.fox.educloud.no.cluster");
    assertThat(topics.describe()).isEqualTo("site.prod.<cluster>.{sample,sysinfo,job,cluster,request}");
  }

  @Test
  void refusesAClusterThatCannotNameATopic() {
    assertThatThrownBy(() -> new Topics("").name("blå", "sample")).hasMessage("cluster \"blå\" cannot be sent "
        + "through Kafka: a topic name holds at most 249 of the characters a-z, A-Z, 0-9, '.', '_' and '-'");
  }
}
