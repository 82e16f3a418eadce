package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvNamedParserTest {

  private final CsvNamedParser parser = new CsvNamedParser();

  @Test
  void tagsEveryRecordWithTheCluster() {
    CsvNamedParser.Result result = parser.parse(
        "v=0.7.0,time=2023-11-15T00:00:03+01:00,host=h,user=u,cmd=c\n"
            + "v=0.7.0,time=2023-11-15T00:00:03+01:00,host=h,cmd=_heartbeat_\n", "ml");
    assertThat(result.readings()).singleElement().extracting(Reading::cluster).isEqualTo("ml");
    assertThat(result.heartbeats()).containsExactly(new Heartbeat("0.7.0", "2023-11-15T00:00:03+01:00", "ml", "h"));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void namesEveryMissingMandatoryField() {
    assertThat(parser.parse("cores=4,job=1\n", "ml").problems())
        .containsExactly("Dropping record with missing mandatory field(s): v time host cmd user ");
  }

  @Test
  void aHeartbeatNeedsNoUser() {
    CsvNamedParser.Result result = parser.parse("v=1,time=2023-11-15T00:00:03Z,host=h,cmd=_heartbeat_", "ml");
    assertThat(result.heartbeats()).hasSize(1);
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void anEmptyValueCountsAsMissing() {
    assertThat(parser.parse("v=1,time=2023-11-15T00:00:03Z,host=h,user=,cmd=c", "ml").problems())
        .containsExactly("Dropping record with missing mandatory field(s): user ");
  }

  @Test
  void theLastOfRepeatedFieldsWins() {
    Reading reading = parser.parse("v=1,time=2023-11-15T00:00:03Z,host=h,user=u,cmd=c,job=1,job=2", "ml")
        .readings().get(0);
    assertThat(reading.job()).isEqualTo(2);
  }

  @Test
  void reportsBadCsvAndKeepsTheOtherLines() {
    CsvNamedParser.Result result = parser.parse(
        "v=1,time=2023-11-15T00:00:03Z,host=h,user=u,cmd=say\"hi\"\n"
            + "v=1,time=2023-11-15T00:00:03Z,host=h,user=u,cmd=c\n", "ml");
    assertThat(result.problems())
        .containsExactly("Dropping record with bad CSV syntax on line 1: bare \" in non-quoted field");
    assertThat(result.readings()).hasSize(1);
  }

  @Test
  void keepsFloatsAsGoParsesThem() {
    Reading reading = parser.parse(
        "v=1,time=2023-11-15T00:00:03Z,host=h,user=u,cmd=c,cpu%=1_000,gpu%=NaN,gpumem%=-inf", "ml").readings().get(0);
    assertThat(reading.cpuPercent()).isEqualTo(1000.0);
    assertThat(reading.gpuPercent()).isNaN();
    assertThat(reading.gpuMemPercent()).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
