package dev.mosaic.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import dev.mosaic.platform.dev.DevIssuer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the test service's {@code mosaic.auth.*} and {@code mosaic.workload-auth.*} at a throwaway issuer before it
 * boots (declare before {@code @HelidonTest}), and mints that issuer's tokens.
 */
public class WebTestKeys implements BeforeAllCallback {

    static final String AUDIENCE = "webtest";
    private static DevIssuer issuer;

    static synchronized DevIssuer issuer() {
        if (issuer == null) {
            try {
                issuer = DevIssuer.loadOrCreate(Files.createTempDirectory("mosaic-web-test-auth"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return issuer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("mosaic.auth.jwks-file", issuer().jwksFile().toString());
        System.setProperty("mosaic.auth.issuer", DevIssuer.ISSUER);
        System.setProperty("mosaic.auth.audience", DevIssuer.AUDIENCE);
        System.setProperty("mosaic.workload-auth.jwks-file", issuer().jwksFile().toString());
        System.setProperty("mosaic.workload-auth.issuer", DevIssuer.ISSUER);
    }

    static String customer(String id) {
        return "Bearer " + issuer().issue(id, false, Duration.ofMinutes(10));
    }

    static String admin() {
        return "Bearer " + issuer().issue("web-admin", true, Duration.ofMinutes(10));
    }

    /** A workload token for this test service ({@code mosaic.service.name=webtest} is the audience). */
    static String workload(String name) {
        return "Bearer " + issuer().issueWorkload(name, AUDIENCE, Duration.ofMinutes(10));
    }
}
