package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import dev.mosaic.platform.auth.DevIssuer;

/**
 * Bearer tokens for service tests: one development issuer per test JVM (keys in a temporary folder), whose public
 * keys {@link ServiceInfra} hands to the service under test as {@code mosaic.auth.*}.
 */
public final class TestTokens {

    private static DevIssuer issuer;

    private TestTokens() {
    }

    public static synchronized DevIssuer issuer() {
        if (issuer == null) {
            try {
                issuer = DevIssuer.loadOrCreate(Files.createTempDirectory("mosaic-test-auth"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return issuer;
    }

    /** Sets the {@code mosaic.auth.*} system properties that make a service verify this issuer's tokens. */
    static void configureService() {
        System.setProperty("mosaic.auth.jwks-file", issuer().jwksFile().toString());
        System.setProperty("mosaic.auth.issuer", DevIssuer.ISSUER);
        System.setProperty("mosaic.auth.audience", DevIssuer.AUDIENCE);
    }

    /** {@code Bearer <token>} of a customer. */
    public static String customer(String customerId) {
        return "Bearer " + issuer().issue(customerId, false, Duration.ofMinutes(30));
    }

    /** {@code Bearer <token>} of an admin. */
    public static String admin() {
        return "Bearer " + issuer().issue("test-admin", true, Duration.ofMinutes(30));
    }
}
