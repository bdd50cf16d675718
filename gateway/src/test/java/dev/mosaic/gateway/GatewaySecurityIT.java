package dev.mosaic.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.mosaic.platform.dev.DevCertificate;
import dev.mosaic.platform.dev.DevIssuer;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's edge: who gets in (JWT), how much (rate, size, time limits), from where (CORS), and over TLS. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewaySecurityIT {

    @TempDir
    static Path dir;
    private static DevIssuer issuer;
    private static FakeUpstream upstream;
    private static WebServer gateway;
    private static HttpClient http;
    private static Path keystore;

    @BeforeAll
    static void startGateway() throws IOException {
        issuer = DevIssuer.loadOrCreate(dir.resolve("auth"));
        keystore = DevCertificate.loadOrCreate(dir.resolve("tls"));
        upstream = new FakeUpstream(Duration.ofSeconds(5));
        String yaml = """
                server:
                  port: 0
                  host: 127.0.0.1
                mosaic:
                  auth:
                    jwks-file: %s
                    issuer: mosaic-dev
                    audience: mosaic
                  upstream:
                    shop: %s
                  gateway:
                    tls:
                      port: 0
                      keystore: %s
                      password: %s
                    rate-limit:
                      capacity: 30
                      per-second: 2
                    cors:
                      origins: [ "https://shop.example" ]
                    routes:
                      - prefix: /api/products
                        upstream: shop
                        access: public
                      - prefix: /api/orders
                        upstream: shop
                        access: customer
                      - prefix: /api/admin/stock
                        upstream: shop
                        access: admin
                """.formatted(issuer.jwksFile(), upstream.url(), keystore, DevCertificate.PASSWORD);
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        upstream.close();
    }

    @BeforeEach
    void forget() {
        upstream.forget();
    }

    @Test
    void aValidCustomerTokenPassesAndTravelsOnToTheService() throws Exception {
        String token = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));

        HttpResponse<String> response = send(request("/api/orders/o-1").header("Authorization", "Bearer " + token).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.next().header("Authorization")).isEqualTo("Bearer " + token);
    }

    static List<Arguments> refusedTokens() {
        Instant now = Instant.now();
        DevIssuer issuerForArgs = DevIssuer.loadOrCreate(dir.resolve("auth"));
        DevIssuer stranger = DevIssuer.loadOrCreate(dir.resolve("stranger"));
        String valid = issuerForArgs.issue("customer-1", false, Duration.ofMinutes(5));
        String[] parts = valid.split("\\.");
        String tamperedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("customer-1", "customer-2").getBytes(StandardCharsets.UTF_8));
        return List.of(
                Arguments.of("expired", issuerForArgs.sign(claims().expirationTime(Date.from(now.minusSeconds(300))).build()), "expired"),
                Arguments.of("not yet valid", issuerForArgs.sign(claims().notBeforeTime(Date.from(now.plusSeconds(300))).build()), "not valid yet"),
                Arguments.of("wrong issuer", issuerForArgs.sign(claims().issuer("https://evil.example").build()), "another issuer"),
                Arguments.of("wrong audience", issuerForArgs.sign(claims().audience("other-shop").build()), "another audience"),
                Arguments.of("bad signature", stranger.issue("customer-1", false, Duration.ofMinutes(5)), "known key"),
                Arguments.of("alg none", new PlainJWT(claims().build()).serialize(), "alg: none"),
                Arguments.of("tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2], "signature is invalid"),
                Arguments.of("hmac with the public key", hmacWithPublicKey(issuerForArgs), "accepted algorithm"),
                Arguments.of("garbage", "not.a.token", "well-formed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refusedTokensAnswer401AndReachNoService(String name, String token, String reason) throws Exception {
        HttpResponse<String> response = send(request("/api/orders").header("Authorization", "Bearer " + token).GET());

        assertProblem(response, 401, "unauthenticated");
        assertThat(json(response.body()).getString("detail")).contains(reason);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer realm=\"mosaic\", error=\"invalid_token\""));
        assertThat(upstream.received()).isZero();
    }

    @Test
    void aMissingTokenAnswers401WithABareChallenge() throws Exception {
        HttpResponse<String> response = send(request("/api/orders").GET());

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mosaic\"");
        assertThat(upstream.received()).isZero();
    }

    @Test
    void aBadTokenIsRefusedEvenOnAPublicRoute() throws Exception {
        HttpResponse<String> anonymous = send(request("/api/products").GET());
        HttpResponse<String> forged = send(request("/api/products").header("Authorization", "Bearer x.y.z").GET());

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertProblem(forged, 401, "unauthenticated");
    }

    @Test
    void aCustomerOnAnAdminRouteGets403AndAnAdminPasses() throws Exception {
        String customer = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));
        String admin = issuer.issue("ops-" + UUID.randomUUID(), true, Duration.ofMinutes(5));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"available\":5}");

        HttpResponse<String> refused = send(request("/api/admin/stock/sku-1").header("Authorization", "Bearer " + customer)
                                                    .header("Content-Type", "application/json").PUT(body));
        assertProblem(refused, 403, "forbidden");
        assertThat(upstream.received()).isZero();

        HttpResponse<String> allowed = send(request("/api/admin/stock/sku-1").header("Authorization", "Bearer " + admin)
                                                    .header("Content-Type", "application/json").PUT(body));
        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(upstream.next().uri().getPath()).isEqualTo("/admin/stock/sku-1");
    }

    @Test
    void aBurstOverTheRateAnswers429WithRetryAfterThenRecovers() throws Exception {
        String token = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            burst.add(http.sendAsync(request("/api/products?i=" + i).header("Authorization", "Bearer " + token).GET().build(),
                                     HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = burst.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        HttpResponse<String> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("45 requests at once from one client were all let through"));
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).count()).isBetween(30L, 40L);
        assertProblem(limited, 429, "rate-limited");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);

        // Another client is not affected by this one's burst.
        String other = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));
        assertThat(send(request("/api/products").header("Authorization", "Bearer " + other).GET()).statusCode()).isEqualTo(200);

        // And this one is let through again once its bucket refills.
        Instant deadline = Instant.now().plusSeconds(retryAfter + 3);
        int status;
        do {
            Thread.sleep(200);
            status = send(request("/api/products").header("Authorization", "Bearer " + token).GET()).statusCode();
        } while (status == 429 && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo(200);
    }

    @Test
    void aTwoMegabyteBodyAnswers413WhetherDeclaredOrChunked() throws Exception {
        String token = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));
        byte[] body = new byte[2 * 1024 * 1024];

        HttpResponse<String> declared = send(request("/api/orders").header("Authorization", "Bearer " + token)
                                                     .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(declared, 413, "payload-too-large");
        assertThat(upstream.received()).isZero();

        HttpResponse<String> chunked = send(request("/api/orders").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertProblem(chunked, 413, "payload-too-large");
    }

    @Test
    void hugeHeadersAnswer431() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(512), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 431");
        }
        assertThat(upstream.received()).isZero();
    }

    @ParameterizedTest(name = "sent: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "GET /api/prod"})
    void aClientThatStallsBeforeItsRequestLineIsDisconnected(String sent) throws Exception {
        // Its own gateway with a short client timeout: on the shared one it would also close the test client's
        // idle keep-alive connections under it.
        WebServer strict = Gateway.start(Config.just(ConfigSources.create("""
                server:
                  port: 0
                  host: 127.0.0.1
                mosaic:
                  upstream:
                    shop: %s
                  gateway:
                    client-timeout: 1s
                    routes:
                      - prefix: /api/products
                        upstream: shop
                        access: public
                """.formatted(upstream.url()), MediaTypes.APPLICATION_YAML)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), strict.port())) {
            socket.setSoTimeout(6000);
            socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // whatever the server says before it hangs up
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the gateway kept a stalled connection open for 6 s", e);
            } catch (IOException reset) {
                // a reset is also a disconnect
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            strict.stop();
        }
    }

    @Test
    void corsAnswersOnlyConfiguredOrigins() throws Exception {
        HttpResponse<String> allowed = send(request("/api/orders").header("Origin", "https://shop.example")
                                                    .header("Access-Control-Request-Method", "POST")
                                                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                v -> assertThat(v).contains("Authorization"));

        HttpResponse<String> refused = send(request("/api/orders").header("Origin", "https://evil.example")
                                                    .header("Access-Control-Request-Method", "POST")
                                                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> simple = send(request("/api/products").header("Origin", "https://evil.example").GET());
        assertThat(simple.statusCode()).isEqualTo(200);
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(upstream.received()).isEqualTo(1);
    }

    @Test
    void responsesCarrySecurityHeaders() throws Exception {
        HttpResponse<String> response = send(request("/api/products").GET());

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void httpsServesTheSameRoutesWithHsts() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, DevCertificate.PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        String token = issuer.issue(newCustomer(), false, Duration.ofMinutes(5));

        HttpResponse<String> response = https.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port(Gateway.HTTPS) + "/api/orders/o-2"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(upstream.next().header("X-Forwarded-Proto")).isEqualTo("https");
        HttpResponse<String> anonymous = https.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port(Gateway.HTTPS) + "/api/orders"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(anonymous, 401, "unauthenticated");
    }

    private static String hmacWithPublicKey(DevIssuer issuer) {
        try {
            SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
            forged.sign(new MACSigner(issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8)));
            return forged.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(DevIssuer.ISSUER).audience(DevIssuer.AUDIENCE).subject("customer-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("groups", List.of("customer"));
    }

    private static String newCustomer() {
        return "customer-" + UUID.randomUUID();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/" + type);
        assertThat(problem.getInt("status")).isEqualTo(status);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(5));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
