package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import dev.mosaic.platform.dev.DevIssuer;

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

    /**
     * Sets the {@code mosaic.auth.*} and {@code mosaic.workload-auth.*} system properties that make a service verify
     * this issuer's customer and workload tokens; workload tokens in tests are for the audience {@value #AUDIENCE}.
     */
    static void configureService() {
        System.setProperty("mosaic.auth.jwks-file", issuer().jwksFile().toString());
        System.setProperty("mosaic.auth.issuer", DevIssuer.ISSUER);
        System.setProperty("mosaic.auth.audience", DevIssuer.AUDIENCE);
        System.setProperty("mosaic.workload-auth.jwks-file", issuer().jwksFile().toString());
        System.setProperty("mosaic.workload-auth.issuer", DevIssuer.ISSUER);
        System.setProperty("mosaic.workload-auth.audience", AUDIENCE);
    }

    /** The audience of workload tokens that services under test accept. */
    public static final String AUDIENCE = "service-under-test";

    /** {@code Bearer <token>} of a calling workload ({@code orders}, {@code gateway}), for {@code Workload-Authorization}. */
    public static String workload(String name) {
        return "Bearer " + issuer().issueWorkload(name, AUDIENCE, Duration.ofMinutes(30));
    }

    /**
     * The workload that delivers {@code topic}'s events by push in tests: {@code eventing-<topic>}. A service test
     * that pushes events names it as the topic's sender ({@code mosaic.events.push.senders.<topic>}).
     */
    public static String eventSenderName(String topic) {
        return "eventing-" + topic;
    }

    /** {@code Bearer <token>} of {@link #eventSenderName(String)}, as Knative Eventing sends it in {@code Authorization}. */
    public static String eventSender(String topic) {
        return workload(eventSenderName(topic));
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
