package dev.mosaic.gateway.compose;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mosaic.gateway.FakeService;
import dev.mosaic.gateway.Gateway;
import dev.mosaic.platform.dev.DevIssuer;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composed order view calls its services through the same bulkhead and circuit breaker as the proxy: a sick
 * service is spared once its breaker opens, and the composition takes no more of a service than the proxy may.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderDetailsGuardIT {

    private static final DevIssuer ISSUER = DevIssuer.loadOrCreate(tempDir());
    private static final String TOKEN = ISSUER.issue("customer-dev", false, Duration.ofMinutes(30));
    private static final String ORDER = """
            {"id":"o-1","customerId":"customer-dev","status":"CONFIRMED",
             "lines":[{"sku":"sku-1","quantity":2,"unitPrice":{"amount":1999,"currency":"EUR"}},
                      {"sku":"sku-2","quantity":1,"unitPrice":{"amount":500,"currency":"EUR"}}]}""";
    private static final String UNAVAILABLE = """
            {"type":"https://mosaic.dev/problems/unavailable","title":"Unavailable","status":503,"detail":"database down"}""";

    private FakeService orders;
    private FakeService catalog;
    private FakeService payments;
    private FakeService notifications;
    private WebServer gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static java.nio.file.Path tempDir() {
        try {
            return Files.createTempDirectory("order-details-guard-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startServices() throws IOException {
        orders = new FakeService("orders").answer("/orders/o-1", 200, ORDER);
        catalog = new FakeService("catalog")
                .answer("/products/sku-1", 200, "{\"sku\":\"sku-1\",\"name\":\"Red shoes\"}")
                .answer("/products/sku-2", 200, "{\"sku\":\"sku-2\",\"name\":\"Blue socks\"}");
        payments = new FakeService("payments").answer("/payments/o-1", 200, "{\"orderId\":\"o-1\",\"customerId\":\"customer-dev\"}");
        notifications = new FakeService("notifications").answer("/notifications", 200, "[]");
    }

    private void startGateway(int maxConcurrent, int failures) {
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  auth: {jwks-file: %s, issuer: mosaic-dev, audience: mosaic}
                  upstream: {orders: %s, catalog: %s, payments: %s, notifications: %s}
                  gateway:
                    bulkhead: {max-concurrent: %d}
                    circuit-breaker: {failures: %d, open-for: 60s}
                    routes:
                      - {prefix: /api/orders, upstream: orders, access: customer}
                      - {prefix: /api/products, upstream: catalog, access: public, timeout: 5s}
                """.formatted(ISSUER.jwksFile(), orders.url(), catalog.url(), payments.url(), notifications.url(),
                              maxConcurrent, failures);
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    @AfterEach
    void stopAll() {
        if (gateway != null) {
            gateway.stop();
        }
        Stream.of(orders, catalog, payments, notifications).forEach(FakeService::close);
    }

    @Test
    void aFailingCatalogOpensItsBreakerAndTheCompositionThenSparesIt() throws Exception {
        startGateway(64, 2);
        catalog.answer("/products/sku-1", 503, UNAVAILABLE).answer("/products/sku-2", 503, UNAVAILABLE);

        // Two products, two failures in a row: the threshold.
        assertThat(degraded(details())).containsExactly("items");
        assertThat(catalog.received()).hasSize(2);

        JsonObject view = details();
        assertThat(degraded(view)).as("items still degraded, the rest still shown").containsExactly("items");
        assertThat(view.getJsonObject("order").getString("id")).isEqualTo("o-1");
        assertThat(view.getJsonArray("items").getJsonObject(0).isNull("name")).isTrue();
        assertThat(catalog.received()).as("catalog is not asked again while its breaker is open").hasSize(2);

        // One breaker for catalog: the proxy sees it open too.
        HttpResponse<String> proxied = get("/api/products/sku-1");
        assertThat(proxied.statusCode()).isEqualTo(503);
        assertThat(proxied.body()).contains("circuit breaker is open");
        assertThat(catalog.received()).hasSize(2);
    }

    @Test
    void theCompositionCountsAgainstTheBulkheadTheProxyUses() throws Exception {
        startGateway(1, 5);
        catalog.answerAfter("/products/slow", Duration.ofSeconds(3), "{\"sku\":\"slow\",\"name\":\"Slow\"}");
        // A proxied call holds catalog's only slot.
        CompletableFuture<HttpResponse<String>> holding = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base() + "/api/products/slow")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        awaitReadiness("catalog", "closed, 1 in flight");

        JsonObject view = details();

        assertThat(degraded(view)).containsExactly("items");
        assertThat(view.getJsonArray("items").getJsonObject(0).isNull("name")).isTrue();
        assertThat(catalog.received()).extracting(r -> r.uri().getPath())
                .as("no product call while the bulkhead is full").containsExactly("/products/slow");
        assertThat(holding.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        // The slot is back, the composition may use it (one product at a time), and gives it back.
        details();
        assertThat(catalog.received()).extracting(r -> r.uri().getPath()).contains("/products/sku-1");
        awaitReadiness("catalog", "closed, 0 in flight");
    }

    @Test
    void callsGivenUpBecauseOrdersSaidNoAreNoFailuresAndFreeTheirSlots() throws Exception {
        startGateway(64, 1);
        payments.answerAfter("/payments/o-2", Duration.ofSeconds(3), "{}");
        notifications.answerAfter("/notifications", Duration.ofSeconds(3), "[]");

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/orders/o-2/details")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("orders has no o-2 for this caller").isEqualTo(404);
        // Payments and notifications were still busy and were abandoned: not their failure (a threshold of 1 would
        // have opened their breakers), and their slots are back at once.
        awaitReadiness("payments", "closed, 0 in flight");
        awaitReadiness("notifications", "closed, 0 in flight");
    }

    private JsonObject details() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/orders/o-1/details")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var reader = jakarta.json.Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.List<String> degraded(JsonObject view) {
        return view.getJsonArray("degraded").stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /** Waits until the gateway's readiness details report {@code upstream}'s guard as {@code expected}. */
    private void awaitReadiness(String upstream, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String body = "";
        String wanted = "\"" + upstream + "\":\"" + expected + "\"";
        while (System.nanoTime() < deadline && !body.contains(wanted)) {
            body = get("/health/ready").body();
        }
        assertThat(body).contains(wanted);
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.port();
    }
}
