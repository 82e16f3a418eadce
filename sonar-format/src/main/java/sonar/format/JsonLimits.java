package sonar.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * How much of each thing a JSON body may hold before it is refused rather than parsed. No sonar document
 * comes near these; without them, a body within its size limit could make the parser recurse a thousand
 * levels deep or turn a number of a million digits into a BigInteger. Stateless.
 */
public final class JsonLimits {

  /** Objects and arrays within each other; sonar's deepest documents, job envelopes, have about eight. */
  public static final int MAX_NESTING_DEPTH = 64;
  /** Characters of one number; a 64-bit integer has 20, a double in its longest form 24. */
  public static final int MAX_NUMBER_LENGTH = 100;
  /** Characters of one name. */
  public static final int MAX_NAME_LENGTH = 1000;
  /** Characters of one string value: room for a node's topology picture, and more. */
  public static final int MAX_STRING_LENGTH = 20_000_000;

  private JsonLimits() {}

  /** A factory whose parsers keep to these limits. */
  public static JsonFactory factory() {
    return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .build()).build();
  }

  /** Which limit a body went past, in the server's words. */
  static String describe(StreamConstraintsException e) {
    String message = e.getOriginalMessage();
    String limit;
    if (message.startsWith("Document nesting depth")) {
      limit = "nesting deeper than " + MAX_NESTING_DEPTH + " levels";
    } else if (message.startsWith("Number value length")) {
      limit = "a number longer than " + MAX_NUMBER_LENGTH + " characters";
    } else if (message.startsWith("Name length")) {
      limit = "a name longer than " + MAX_NAME_LENGTH + " characters";
    } else if (message.startsWith("String value length")) {
      limit = "a string longer than " + MAX_STRING_LENGTH + " characters";
    } else {
      limit = message;
    }
    return "JSON past the parser's limits: " + limit;
  }
}
