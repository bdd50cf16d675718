package dev.mosaic.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a service test class its infrastructure before the service boots: a fresh database
 * ({@link TestDatabase}) and the test Kafka broker ({@link TestKafka}), passed as the
 * {@code mosaic.db.*} and {@code mosaic.kafka.bootstrap} settings, and the keys of {@link TestTokens} as
 * {@code mosaic.auth.*}.
 * Declare it before {@code @HelidonTest}: {@code @ExtendWith(ServiceInfra.class) @HelidonTest class FooIT}.
 */
public class ServiceInfra implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName();
        TestDatabase.Database db = TestDatabase.create(name);
        System.setProperty("mosaic.db.url", db.url());
        System.setProperty("mosaic.db.user", db.user());
        System.setProperty("mosaic.db.password", db.password());
        System.setProperty("mosaic.kafka.bootstrap", TestKafka.bootstrapServers());
        TestTokens.configureService();
    }
}
