package dev.mosaic.platform.auth;

import dev.mosaic.platform.dev.DevIssuer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Keys fetched from an identity provider's JWKS endpoint: a real local HTTP server that can go down. */
class JwksUrlTest {

    @TempDir
    Path dir;
    DevIssuer issuer;
    HttpServer idp;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicReference<Instant> lastServed = new AtomicReference<>();
    /** Whose keys the identity provider publishes. */
    final AtomicReference<DevIssuer> publishing = new AtomicReference<>();

    @BeforeEach
    void identityProvider() throws IOException {
        issuer = DevIssuer.loadOrCreate(dir.resolve("idp"));
        publishing.set(issuer);
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/jwks.json", this::jwks);
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    @Test
    void servesTheLastGoodKeysThroughAnOutageUpToTheMaxStaleThenRefuses() throws Exception {
        TokenVerifier verifier = TokenVerifier.create(settings(Map.of(
                "mosaic.auth.jwks-cache-ttl", "1", "mosaic.auth.jwks-max-stale", "4")));
        String token = issuer.issue("customer-1", false, Duration.ofMinutes(5));
        assertThat(verifier.verify(token).subject()).isEqualTo("customer-1");
        assertThat(served.get()).isEqualTo(1);

        down.set(true);
        Instant lastSuccess = lastServed.get();
        // The cache expired and the provider refused to answer, yet tokens still verify with the last good keys.
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(verifier.verify(token).subject()).isEqualTo("customer-1");
            assertThat(refused.get()).isPositive();
        });

        // Bounded: once the last success is older than jwks-max-stale, nothing is verified any more.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> keysUnavailable(verifier, token));
        assertThat(Duration.between(lastSuccess, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

        down.set(false);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(verifier.verify(token).subject()).isEqualTo("customer-1"));
    }

    @Test
    void refreshesTheKeysAheadOfExpirySoARotatedKeyIsKnownWithoutAFailedRequest() throws Exception {
        TokenVerifier verifier = TokenVerifier.create(settings(Map.of("mosaic.auth.jwks-cache-ttl", "2")));
        String token = issuer.issue("customer-1", false, Duration.ofMinutes(5));
        verifier.verify(token);

        // Requests keep coming; the keys are fetched again while the cached ones are still valid.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            verifier.verify(token);
            return served.get() >= 2;
        });
    }

    @Test
    void aVerifiedTokenIsRefusedOnceItsKeyIsWithdrawnAndTheKeysAreFetchedAgain() throws Exception {
        TokenVerifier verifier = TokenVerifier.create(settings(Map.of("mosaic.auth.jwks-cache-ttl", "1")));
        String token = issuer.issue("customer-1", false, Duration.ofMinutes(5));
        assertThat(verifier.verify(token).subject()).isEqualTo("customer-1");

        // The provider rotates to a new key and stops publishing the old one.
        DevIssuer rotated = DevIssuer.loadOrCreate(dir.resolve("rotated"));
        publishing.set(rotated);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class));
        assertThat(verifier.verify(rotated.issue("customer-1", false, Duration.ofMinutes(5))).subject()).isEqualTo("customer-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example/jwks.json", "http://10.0.0.7/jwks.json", "http://127.0.0.1.evil.example/jwks",
            "http://localhost.evil.example/jwks", "ftp://idp.example/jwks.json"})
    void refusesAJwksUrlThatIsNotHttpsUnlessOnLoopback(String url) {
        assertThatThrownBy(() -> AuthSettings.from(config(Map.of("mosaic.auth.jwks-url", url))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosaic.auth.jwks-url").hasMessageContaining("https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example/jwks.json", "http://localhost:8080/jwks.json", "http://127.0.0.1:9/jwks",
            "http://127.8.9.10/jwks", "http://[::1]:9000/jwks"})
    void acceptsHttpsAndLoopbackHttp(String url) {
        assertThat(AuthSettings.from(config(Map.of("mosaic.auth.jwks-url", url))).orElseThrow().jwksUrl())
                .hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo(url));
    }

    @Test
    void maxStaleShorterThanTheCacheLifetimeIsAConfigurationError() {
        assertThatThrownBy(() -> AuthSettings.from(config(Map.of("mosaic.auth.jwks-url", "https://idp.example/jwks",
                "mosaic.auth.jwks-cache-ttl", "600", "mosaic.auth.jwks-max-stale", "60"))))
                .hasMessageContaining("mosaic.auth.jwks-max-stale");
    }

    private static boolean keysUnavailable(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return false;
        } catch (KeysUnavailableException e) {
            return true;
        } catch (InvalidTokenException e) {
            throw new AssertionError("a good token must never be called invalid because the keys are missing", e);
        }
    }

    private AuthSettings settings(Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(extra);
        all.put("mosaic.auth.jwks-url", "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json");
        return AuthSettings.from(config(all)).orElseThrow();
    }

    private static java.util.function.Function<String, Optional<String>> config(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.putIfAbsent("mosaic.auth.issuer", DevIssuer.ISSUER);
        all.putIfAbsent("mosaic.auth.audience", DevIssuer.AUDIENCE);
        return key -> Optional.ofNullable(all.get(key));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down.get()) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = publishing.get().publicKeys().toString().getBytes(StandardCharsets.UTF_8);
            // Counted before the body leaves: the client may verify (and the test read the count) the moment it arrives.
            lastServed.set(Instant.now());
            served.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
