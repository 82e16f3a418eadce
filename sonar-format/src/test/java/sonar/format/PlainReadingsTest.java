package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainReadingsTest {

  private static final String RECORD = "{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\","
      + "\"cluster\":\"bench\",\"host\":\"node00017.cluster\",\"cores\":64,\"user\":\"user5\",\"job\":1685434,"
      + "\"pid\":4003,\"cmd\":\"python3\",\"cpu%\":3.3,\"cpukib\":60732403,\"gpus\":\"0,1\",\"gpu%\":48.5,"
      + "\"gpumem%\":26,\"gpukib\":3721216,\"gpufail\":0,\"cputime_sec\":518,\"rolledup\":4}";

  private final WireReader parser = new WireReader();

  @Test
  void readsTheFormSonarSendsAsTheParserReadsIt() {
    String body = "[" + RECORD + "," + RECORD.replace("\"pid\":4003", "\"pid\":4004") + "]";

    List<Reading> plain = read(body);

    assertThat(plain).hasSize(2).isEqualTo(byParser(body));
    assertThat(plain.get(0).cpuPercent()).isEqualTo(3.3);
    assertThat(plain.get(1).pid()).isEqualTo(4004);
    assertThat(plain.get(0).gpus()).isEqualTo("0,1");
  }

  @Test
  void readsKeysInAnyOrderWithWhiteSpaceAndFieldsLeftOut() {
    String body = " [\n {\"host\" : \"h\", \"cpu%\":0.25 ,\"version\":\"0.7.0\"},\r\n\t{}, {\"rolledup\":0}\n] \n";

    List<Reading> plain = read(body);

    assertThat(plain).hasSize(3).isEqualTo(byParser(body));
    assertThat(plain.get(0).host()).isEqualTo("h");
    assertThat(plain.get(1)).isEqualTo(new Reading.Builder().build());
  }

  @Test
  void readsAnEmptyArrayAsNoRecords() {
    assertThat(read(" [ ] ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "null", "", "[", "[{}", "[{}]x", "[{},]", "[{\"host\":\"h\",}]", "{\"host\":\"h\"}", "[1]",
      "[{\"host\":\"a\\\"b\"}]", "[{\"host\":\"ü\"}]", "[{\"host\":\"tab\there\"}]", "[{\"host\":null}]",
      "[{\"host\":\"a\",\"host\":\"b\"}]", "[{\"Host\":\"h\"}]", "[{\"memkib\":1}]", "[{\"host\":5}]",
      "[{\"cores\":-1}]", "[{\"cores\":01}]", "[{\"cores\":1.0}]", "[{\"cores\":1e3}]",
      "[{\"cores\":1234567890123456789}]", "[{\"cpu%\":1.}]", "[{\"cpu%\":.5}]", "[{\"cpu%\":00.5}]",
      "[{\"cpu%\":2.5E-3}]", "[{\"cpu%\":-2.5}]", "[{\"cpu%\":1234567890123456}]", "[{\"cpu%\":\"1\"}]",
      "[{\"cores\":1}", "[{\"cores\":1"})
  void leavesToTheParserWhatIsNotPlain(String body) {
    assertThat(read(body)).isNull();
  }

  /**
   * Bodies made by changing, adding or taking out a character of a plain one, at random: each that is read
   * here is one the parser reads, to the same readings; the rest are the parser's to read or refuse.
   */
  @Test
  void everyBodyReadWithoutTheParserReadsAsTheParserReadsIt() {
    Random random = new Random(7);
    String alphabet = "0123456789.-+eE\"\\,:{}[] \tnulx%ü";
    String plainBody = "[" + RECORD + "," + RECORD + "]";
    int readHere = 0;
    int leftToParser = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder body = new StringBuilder(plainBody);
      for (int change = random.nextInt(3); change >= 0; change--) {
        int at = random.nextInt(body.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> body.setCharAt(at, c);
          case 1 -> body.insert(at, c);
          default -> body.deleteCharAt(at);
        }
      }
      List<Reading> plain = read(body.toString());
      if (plain == null) {
        leftToParser++;
      } else {
        readHere++;
        assertThat(plain).as(body.toString()).isEqualTo(byParser(body.toString()));
      }
    }
    assertThat(readHere).isGreaterThan(1_000);
    assertThat(leftToParser).isGreaterThan(1_000);
  }

  private static List<Reading> read(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return PlainReadings.read(bytes, 0, bytes.length);
  }

  private List<Reading> byParser(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return parser.readingsByParser(bytes, 0, bytes.length);
  }
}
