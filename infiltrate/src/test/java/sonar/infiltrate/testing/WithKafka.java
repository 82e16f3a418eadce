package sonar.infiltrate.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test (method, constructor or {@code @BeforeAll}) the Kafka broker of the test run: {@code
 * @ExtendWith(WithKafka.class)}, then a {@link KafkaBroker} parameter. One broker serves every class.
 */
public final class WithKafka implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return KafkaBroker.shared(context);
  }
}
