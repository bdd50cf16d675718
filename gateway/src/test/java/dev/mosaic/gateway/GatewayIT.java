package dev.mosaic.gateway;

import dev.mosaic.platform.core.JsonLogFormatter;
import dev.mosaic.platform.core.TraceParent;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in-process on a random port, in front of real fake upstreams: what a caller and an upstream see. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayIT {

    private static final Duration ROUTE_TIMEOUT = Duration.ofMillis(500);
    private static final String VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static FakeUpstream catalog;
    private static FakeResettingUpstream resetting;
    private static WebServer gateway;
    private static HttpClient http;
    private static volatile Instant slowAnsweredAt;

    @BeforeAll
    static void startGateway() throws IOException {
        catalog = new FakeUpstream(Duration.ofSeconds(5));
        resetting = new FakeResettingUpstream();
        String yaml = """
                server:
                  port: 0
                  host: 127.0.0.1
                mosaic:
                  upstream:
                    catalog: %s
                    stock: http://127.0.0.1:%d
                    flaky: %s
                  gateway:
                    timeout: %dms
                    routes:
                      - prefix: /api/products
                        upstream: catalog
                        access: public
                      - prefix: /api/stock
                        upstream: stock
                        access: public
                      - prefix: /api/flaky
                        upstream: flaky
                        access: public
                """.formatted(catalog.url(), TestGateways.portWithNothingListening(), resetting.url(), ROUTE_TIMEOUT.toMillis());
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        catalog.forget();
    }

    @AfterAll
    static void stopGateway() throws IOException {
        if (gateway != null) {
            gateway.stop();
        }
        catalog.close();
        resetting.close();
    }

    @Test
    void getWithQueryIsProxiedWithCorrelationAndWithoutHopByHopHeaders() throws Exception {
        HttpResponse<String> response = send(request("/api/products?q=red%20shoes&page=1")
                                                     .header("traceparent", VALID_TRACEPARENT)
                                                     .header("Connection", "keep-alive, X-Hop-Secret")
                                                     .header("X-Hop-Secret", "must not travel")
                                                     .header("Keep-Alive", "timeout=5")
                                                     .header("Proxy-Authorization", "Basic c2VjcmV0")
                                                     .header("Accept", "application/json")
                                                     .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"items\":[],\"page\":0,\"size\":20,\"total\":0}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Upstream")).hasValue("fake");
        assertThat(response.headers().firstValue("Proxy-Authenticate")).isEmpty();
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        FakeUpstream.Received upstream = catalog.next();
        assertThat(upstream.method()).isEqualTo("GET");
        assertThat(upstream.uri().getPath()).isEqualTo("/products");
        assertThat(upstream.uri().getRawQuery().split("&")).containsExactlyInAnyOrder("q=red%20shoes", "page=1");
        assertThat(upstream.header("X-Request-Id")).isEqualTo(requestId);
        // The caller's trace, under the gateway's own span: same trace id and flags, a new parent id.
        assertThat(upstream.header("traceparent")).startsWith(VALID_TRACEPARENT.substring(0, 36))
                .endsWith(VALID_TRACEPARENT.substring(52)).isNotEqualTo(VALID_TRACEPARENT);
        assertThat(TraceParent.isValid(upstream.header("traceparent"))).isTrue();
        assertThat(upstream.header("Accept")).isEqualTo("application/json");
        assertThat(upstream.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(upstream.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(upstream.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
        assertThat(upstream.header("Host")).isEqualTo(URI.create(catalog.url()).getAuthority());
        assertThat(upstream.headers()).doesNotContainKeys("x-hop-secret", "keep-alive", "proxy-authorization");
    }

    @Test
    void anIdentityHeaderFromTheCallerIsNeverForwarded() throws Exception {
        HttpResponse<String> response = send(request("/api/products/sku-1")
                                                     .header("X-Customer-Id", "someone-else")
                                                     .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        FakeUpstream.Received upstream = catalog.next();
        assertThat(upstream.header("X-Customer-Id")).isNull();
    }

    @Test
    void callersRequestIdIsKeptAndMalformedTraceparentIsReplaced() throws Exception {
        HttpResponse<String> response = send(request("/api/products/sku-1")
                                                     .header("X-Request-Id", "order-flow-42")
                                                     .header("traceparent", "00-not-a-trace-01")
                                                     .header("tracestate", "vendor=stale")
                                                     .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("order-flow-42");
        FakeUpstream.Received upstream = catalog.next();
        assertThat(upstream.uri().getPath()).isEqualTo("/products/sku-1");
        assertThat(upstream.header("X-Request-Id")).isEqualTo("order-flow-42");
        assertThat(upstream.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.isValid(upstream.header("traceparent"))).isTrue();
        assertThat(upstream.headers()).doesNotContainKey("tracestate");
    }

    @Test
    void postBodyIsForwardedIntact() throws Exception {
        // Larger than the copy buffer and Helidon's in-memory threshold, so it travels in many chunks.
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);

        HttpResponse<byte[]> response = http.send(request("/api/products")
                                                          .header("Content-Type", "application/octet-stream")
                                                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                                          .build(),
                                                  HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(body);
        FakeUpstream.Received upstream = catalog.next();
        assertThat(upstream.method()).isEqualTo("POST");
        assertThat(upstream.uri().getPath()).isEqualTo("/products");
        assertThat(upstream.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(upstream.body()).isEqualTo(body);
    }

    @Test
    void upstreamDownAnswers503ProblemQuickly() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(request("/api/stock/sku-1").GET());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertUpstreamUnavailable(response, "/api/stock/sku-1", "stock refused the connection");
    }

    @Test
    void slowUpstreamAnswers503AfterRouteTimeoutWhileOtherRequestsProceed() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow =
                http.sendAsync(request("/api/products/slow").GET().build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> {
                            slowAnsweredAt = Instant.now();
                            return r;
                        });
        assertThat(catalog.awaitSlowRequest()).as("slow request reached the upstream").isTrue();

        HttpResponse<String> fast = send(request("/api/products?q=meanwhile").GET());
        Instant fastAnsweredAt = Instant.now();
        assertThat(fast.statusCode()).isEqualTo(200);

        HttpResponse<String> timedOut = slow.get(5, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(fastAnsweredAt).isBefore(slowAnsweredAt);
        assertThat(took).isBetween(ROUTE_TIMEOUT, ROUTE_TIMEOUT.plusSeconds(1));
        assertUpstreamUnavailable(timedOut, "/api/products/slow", "catalog did not answer within 500 ms");
    }

    @Test
    void upstreamResetAnswers503Problem() throws Exception {
        HttpResponse<String> response = send(request("/api/flaky/things").GET());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonObject problem = assertUpstreamUnavailable(response, "/api/flaky/things", "flaky ");
        assertThat(problem.getString("detail")).doesNotContain("did not answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/unknown", "/api/productsX", "/nothing-here"})
    void unknownRouteAnswers404Problem(String path) throws Exception {
        HttpResponse<String> response = send(request(path).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(problem.getInt("status")).isEqualTo(404);
        assertThat(problem.getString("instance")).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/products/%2e%2e/orders", "/api/products/..%2Forders"})
    void pathsThatCouldEscapeTheirRouteAreRejected(String path) throws Exception {
        HttpResponse<String> response = send(request(path).GET());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getString("type")).isEqualTo("https://mosaic.dev/problems/bad-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"live", "ready", "started"})
    void healthEndpointsAnswerUp(String probe) throws Exception {
        HttpResponse<String> response = send(request("/health/" + probe).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject health = json(response.body());
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getJsonArray("checks")).isNotEmpty();
    }

    @Test
    void accessLineCarriesRequestIdStatusAndUpstream() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        JsonLogFormatter formatter = new JsonLogFormatter("gateway");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("dev.mosaic.gateway.access");
        access.addHandler(capture);
        try {
            send(request("/api/products?q=logged").header("X-Request-Id", "log-me-1").GET());
            catalog.next();

            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("access line").isNotNull();
            JsonObject entry = json(line);
            assertThat(entry.getString("service")).isEqualTo("gateway");
            assertThat(entry.getString("level")).isEqualTo("INFO");
            assertThat(entry.getString("requestId")).isEqualTo("log-me-1");
            assertThat(entry.getString("traceId")).matches("[0-9a-f]{32}");
            assertThat(entry.getString("method")).isEqualTo("GET");
            assertThat(entry.getString("path")).isEqualTo("/api/products");
            assertThat(entry.getInt("status")).isEqualTo(200);
            assertThat(entry.getString("upstream")).isEqualTo("catalog");
            assertThat(entry.getJsonNumber("durationMs").longValue()).isNotNegative();
        } finally {
            access.removeHandler(capture);
        }
    }

    private static JsonObject assertUpstreamUnavailable(HttpResponse<String> response, String instance, String detail) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("\\d+"));
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/upstream-unavailable");
        assertThat(problem.getString("title")).isEqualTo("Service unavailable");
        assertThat(problem.getInt("status")).isEqualTo(503);
        assertThat(problem.getString("detail")).startsWith(detail).endsWith("Retry shortly.");
        assertThat(problem.getString("instance")).isEqualTo(instance);
        return problem;
    }

    private static HttpRequest.Builder request(String path) {
        // The per-request timeout is the test's deadline: a hanging gateway fails the test instead of stalling it.
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
