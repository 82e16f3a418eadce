package sonar.exfiltrate.batch;

import java.io.IOException;

/** Told of each line of sonar's output too long for any batch, which is therefore not sent. */
public interface TooLongLines {

  /**
   * @param number the line's number, counting from 1
   * @param offset where the line starts in the input
   * @param length its length, without the newline
   */
  void tooLong(long number, long offset, long length) throws IOException;
}
