package sonar.infiltrate.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import sonar.infiltrate.store.Batch;

/**
 * Where a record that cannot be stored goes instead, so that it neither blocks its partition nor
 * vanishes: one JSON line in {@code .quarantine/<yyyy>/<mm>/<dd>/kafka.json} of the data directory (the
 * day it was quarantined, UTC), stored through the store like data, in the batch of its partition. The
 * line holds everything needed to look at it or send it again: when, topic, partition, offset, the
 * record's timestamp, the reason, key, headers and value (as text when they are UTF-8, else in base64
 * under {@code key_base64}, {@code value_base64}). Thread-safe.
 */
final class Quarantine {

  /** Under the data directory; a cluster's name cannot start with a dot, so no cluster meets it. */
  static final String DIRECTORY = ".quarantine";

  private final JsonFactory json = new JsonFactory();
  private final Clock clock;

  Quarantine(Clock clock) {
    this.clock = clock;
  }

  /** The batch that puts the record in the quarantine, counted as no cluster's data. */
  Batch batch(ConsumerRecord<byte[], byte[]> record, String reason) {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String path = String.format("%s/%04d/%02d/%02d/kafka.json", DIRECTORY, day.getYear(), day.getMonthValue(),
        day.getDayOfMonth());
    return new Batch.Builder().addAside(path, line(record, reason, now) + "\n").build();
  }

  private String line(ConsumerRecord<byte[], byte[]> record, String reason, Instant now) {
    StringWriter out = new StringWriter(256 + (record.value() == null ? 0 : record.value().length));
    try (JsonGenerator line = json.createGenerator(out)) {
      line.writeStartObject();
      line.writeStringField("quarantined", now.truncatedTo(ChronoUnit.SECONDS).toString());
      line.writeStringField("topic", record.topic());
      line.writeNumberField("partition", record.partition());
      line.writeNumberField("offset", record.offset());
      line.writeStringField("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
      line.writeStringField("reason", reason);
      bytes(line, "key", record.key());
      line.writeObjectFieldStart("headers");
      for (Header header : record.headers()) {
        bytes(line, header.key(), header.value());
      }
      line.writeEndObject();
      bytes(line, "value", record.value());
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toString();
  }

  /** A field as text when the bytes are UTF-8, else as {@code <name>_base64}; nothing when null. */
  private static void bytes(JsonGenerator line, String name, byte[] value) throws IOException {
    if (value == null) {
      return;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
      line.writeStringField(name, text);
    } catch (CharacterCodingException e) {
      line.writeStringField(name + "_base64", Base64.getEncoder().encodeToString(value));
    }
  }
}
