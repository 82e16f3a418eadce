package sonar.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that text is written to in UTF-8, for output built a piece at a time and kept as
 * bytes (the stored lines), so that it is written once rather than built as text and then encoded.
 * Each piece of text is encoded as {@link String#getBytes} encodes it in UTF-8, so the bytes are those
 * of the whole text encoded at once as long as no surrogate pair is split between two pieces (each half
 * would be written as {@code ?}, as an unpaired surrogate is). An {@link Appendable} that never throws,
 * so that formatters written for a {@link StringBuilder} can write here too. Not thread-safe.
 */
public final class Utf8Builder implements Appendable {
  private byte[] bytes;
  private int length;

  public Utf8Builder(int capacity) {
    bytes = new byte[capacity];
  }

  /** Bytes written so far. */
  public int length() {
    return length;
  }

  @Override
  public Utf8Builder append(char c) {
    if (c >= 0x80) {
      return append(String.valueOf(c));
    }
    if (length == bytes.length) {
      grow(1);
    }
    bytes[length++] = (byte) c;
    return this;
  }

  @Override
  public Utf8Builder append(CharSequence text) {
    return append(text, 0, text.length());
  }

  @Override
  public Utf8Builder append(CharSequence text, int start, int end) {
    reserve(end - start);
    // ASCII, nearly all text here, is copied a character at a time; the first other character sends
    // the rest of the piece to the JDK's encoder (a piece starting there splits no surrogate pair).
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return append(text.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8));
      }
      bytes[length++] = (byte) c;
    }
    return this;
  }

  /** Appends the decimal digits of value, as {@link StringBuilder#append(long)} does. */
  public Utf8Builder append(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return append(Long.toString(value));
      }
      append('-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    reserve(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
    return this;
  }

  /** Appends bytes as they are: good UTF-8, or the output is not. */
  public Utf8Builder append(byte[] more) {
    reserve(more.length);
    System.arraycopy(more, 0, bytes, length, more.length);
    length += more.length;
    return this;
  }

  /**
   * The bytes written so far, in an array of their length: the builder's own when it is full (it is
   * never written again: what is appended later goes to a new array), else a copy.
   */
  public byte[] toByteArray() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }

  /** Makes room for count more bytes. */
  private void reserve(int count) {
    if (length + count > bytes.length) {
      grow(count);
    }
  }

  private void grow(int count) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
  }
}
