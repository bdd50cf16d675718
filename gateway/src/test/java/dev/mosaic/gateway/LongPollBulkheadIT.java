package dev.mosaic.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mosaic.platform.auth.DevIssuer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers following their orders ({@code If-None-Match} with {@code Prefer: wait}) hold a request open for seconds
 * each. They have a bulkhead of their own: however many wait, placing an order still finds a slot, and only the
 * long polls beyond their own bound are refused.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongPollBulkheadIT {

    private static final DevIssuer ISSUER = DevIssuer.loadOrCreate(tempDir());
    private static final String TOKEN = ISSUER.issue("customer-dev", false, Duration.ofMinutes(30));
    private static final String ORDER = "{\"id\":\"o-1\",\"customerId\":\"customer-dev\",\"status\":\"PENDING\"}";

    private FakeService orders;
    private WebServer gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static java.nio.file.Path tempDir() {
        try {
            return Files.createTempDirectory("long-poll-bulkhead-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        // orders holds a long poll for its wait, as it does while the order does not change; the rest is quick.
        orders = new FakeService("orders")
                .answerAfter("/orders/o-1", Duration.ofSeconds(3), ORDER)
                .answer("/orders/o-2", 200, ORDER.replace("o-1", "o-2"))
                .answer("/orders", 202, ORDER);
        gateway = TestGateways.start("""
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  auth: {jwks-file: %s, issuer: mosaic-dev, audience: mosaic}
                  upstream: {orders: %s}
                  gateway:
                    bulkhead: {max-concurrent: 1, max-waiting: 2}
                    routes:
                      - {prefix: /api/orders, upstream: orders, access: customer, timeout: 5s}
                """.formatted(ISSUER.jwksFile(), orders.url()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        orders.close();
    }

    @Test
    void waitingFollowersLeaveTheSlotsOfOrdinaryRequestsFree() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> following = List.of(longPoll(), longPoll());
        TestGateways.awaitGuard(gateway, "orders", "closed, 0 in flight, 2 waiting");

        // One ordinary slot, and two customers waiting: a placement and a plain read still go through.
        HttpResponse<String> placed = send(HttpRequest.newBuilder(uri("/api/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"sku-1\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/orders/o-2")));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        // A conditional read that does not wait is an ordinary request too.
        HttpResponse<String> conditional = send(HttpRequest.newBuilder(uri("/api/orders/o-2"))
                .header("If-None-Match", "\"1\""));
        assertThat(conditional.statusCode()).as(conditional.body()).isEqualTo(200);

        // A third follower is beyond the long polls' own bound: refused at once, with when to come back.
        HttpResponse<String> third = longPoll().get(2, TimeUnit.SECONDS);
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(third.body()).contains("2 long polls waiting");

        for (CompletableFuture<HttpResponse<String>> follower : following) {
            assertThat(follower.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        TestGateways.awaitGuard(gateway, "orders", "closed, 0 in flight, 0 waiting");
        assertThat(orders.received()).filteredOn(r -> r.uri().getPath().equals("/orders/o-1"))
                .as("the refused follower never reached orders").hasSize(2);
    }

    private CompletableFuture<HttpResponse<String>> longPoll() {
        return http.sendAsync(HttpRequest.newBuilder(uri("/api/orders/o-1")).timeout(Duration.ofSeconds(10))
                                      .header("Authorization", "Bearer " + TOKEN)
                                      .header("If-None-Match", "\"1\"").header("Prefer", "wait=3").build(),
                              HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + TOKEN).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
