package sonar.infiltrate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JSON documents of a sample file, which holds one or more one after the other, each as written. */
public final class JsonDocuments {

  private JsonDocuments() {}

  public static List<String> in(Path file) throws IOException {
    String text = Files.readString(file);
    List<String> documents = new ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' && depth++ == 0) {
        start = i;
      } else if (c == '}' && --depth == 0) {
        documents.add(text.substring(start, i + 1));
      }
    }
    return documents;
  }
}
