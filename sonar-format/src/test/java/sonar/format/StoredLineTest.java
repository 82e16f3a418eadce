package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredLineTest {

  @Test
  void quotesFieldsAsGoEncodingCsvDoes() {
    Reading reading = new Reading.Builder()
        .text(ReadingField.VERSION, "0.7.0")
        .text(ReadingField.CMD, "say \"hi\", then\r\nleave")
        .text(ReadingField.GPUS, "3,1")
        .text(ReadingField.USER, " spaced")
        .build();
    assertThat(StoredLine.of(reading)).isEqualTo(
        "v=0.7.0,time=,host=,cores=0,user= spaced,job=0,pid=0,\"cmd=say \"\"hi\"\", then\r\nleave\",cpu%=0,"
            + "cpukib=0,\"gpus=3,1\",gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=0,rolledup=0\n");
  }

  @Test
  void quotesTheFirstFieldWithoutACommaBeforeIt() {
    Reading reading = new Reading.Builder().text(ReadingField.VERSION, "0,7").text(ReadingField.TIME, "t").build();
    assertThat(StoredLine.of(reading)).startsWith("\"v=0,7\",time=t,host=,cores=0,");
  }

  @Test
  void writesAHeartbeatAsTheReferenceDoes() {
    assertThat(StoredLine.of(new Heartbeat("0.7.0", "2023-06-26T18:05:01+02:00", "cl1", "ml4.hpc.uio.no")))
        .isEqualTo("v=0.7.0,time=2023-06-26T18:05:01+02:00,host=ml4.hpc.uio.no,cores=0,user=_sonar_,job=0,pid=0,"
            + "cmd=_heartbeat_\n");
  }

  @Test
  void writesFloatsInGoShortestForm() {
    Reading reading = new Reading.Builder().floating(ReadingField.CPU_PERCENT, 0.00001)
        .floating(ReadingField.GPU_PERCENT, 1234567.25).build();
    assertThat(StoredLine.of(reading)).contains(",cpu%=1e-05,").contains(",gpu%=1.23456725e+06,");
  }

  @Test
  void writesNonAsciiTextAsItsUtf8Bytes() {
    Reading reading = new Reading.Builder()
        .text(ReadingField.VERSION, "0.7.0")
        .text(ReadingField.USER, "bjørn")
        .text(ReadingField.CMD, "say \"hæ\" 😀, now")
        .text(ReadingField.GPUS, "\uD800")
        .build();
    Utf8Builder out = new Utf8Builder(8);
    StoredLine.append(out, reading);

    String expected = "v=0.7.0,time=,host=,cores=0,user=bjørn,job=0,pid=0,\"cmd=say \"\"hæ\"\" 😀, now\",cpu%=0,"
        + "cpukib=0,gpus=\uD800,gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=0,rolledup=0\n";
    assertThat(out.toByteArray()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }
}
