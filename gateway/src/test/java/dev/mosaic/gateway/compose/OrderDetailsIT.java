package dev.mosaic.gateway.compose;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mosaic.gateway.FakeService;
import dev.mosaic.gateway.FakeUpstream;
import dev.mosaic.gateway.Gateway;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.platform.dev.DevIssuer;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/orders/{id}/details} in front of four real fake services, which the tests stop one at a time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderDetailsIT {

    private static final Duration PART_TIMEOUT = Duration.ofSeconds(1);
    private static final String CUSTOMER = "customer-dev";
    private static final DevIssuer ISSUER = DevIssuer.loadOrCreate(tempDir());
    private static final String TOKEN = ISSUER.issue(CUSTOMER, false, Duration.ofMinutes(30));

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("order-details-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String ORDER = """
            {"id":"o-1","customerId":"customer-dev","status":"CONFIRMED","reason":null,
             "lines":[{"sku":"sku-1","quantity":2,"unitPrice":{"amount":1999,"currency":"EUR"}},
                      {"sku":"sku-2","quantity":1,"unitPrice":{"amount":500,"currency":"EUR"}}],
             "total":{"amount":4498,"currency":"EUR"},"createdAt":"2026-11-26T07:00:00Z","updatedAt":"2026-11-26T07:00:02Z"}""";
    private static final String PAYMENT = """
            {"orderId":"o-1","paymentId":"p-1","customerId":"customer-dev","status":"AUTHORIZED",
             "amount":{"amount":4498,"currency":"EUR"},"reason":null}""";
    private static final String NOTIFICATIONS = """
            [{"id":"n-3","orderId":"o-2","type":"ORDER_CONFIRMED","message":"another order","createdAt":"2026-11-26T07:00:05Z"},
             {"id":"n-2","orderId":"o-1","type":"ORDER_CONFIRMED","message":"confirmed","createdAt":"2026-11-26T07:00:02Z"},
             {"id":"n-1","orderId":"o-1","type":"PAYMENT_AUTHORIZED","message":"paid","createdAt":"2026-11-26T07:00:01Z"}]""";

    private FakeService orders;
    private FakeService catalog;
    private FakeService payments;
    private FakeService notifications;
    private WebServer gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Loads the client's classes once, so a cold JVM on a busy machine does not eat the first test's budget. */
    @BeforeAll
    static void warmUp() throws IOException {
        try (FakeService warm = new FakeService("warm-up").answer("/", 200, "{}")) {
            new UpstreamJson(Duration.ofSeconds(5)).get(URI.create(warm.url() + "/"), List.of(), Duration.ofSeconds(5));
        }
    }

    @BeforeEach
    void startServicesAndGateway() throws IOException {
        orders = new FakeService("orders").answer("/orders/o-1", 200, ORDER);
        catalog = new FakeService("catalog")
                .answer("/products/sku-1", 200, product("sku-1", "Red shoes"))
                .answer("/products/sku-2", 200, product("sku-2", "Blue socks"));
        payments = new FakeService("payments").answer("/payments/o-1", 200, PAYMENT);
        notifications = new FakeService("notifications").answer("/notifications", 200, NOTIFICATIONS);
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  auth: {jwks-file: %s, issuer: mosaic-dev, audience: mosaic}
                  upstream: {orders: %s, catalog: %s, payments: %s, notifications: %s}
                  gateway:
                    order-details: {timeout: %dms}
                    routes:
                      - {prefix: /api/orders, upstream: orders, access: customer}
                """.formatted(ISSUER.jwksFile(), orders.url(), catalog.url(), payments.url(), notifications.url(),
                              PART_TIMEOUT.toMillis());
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
    void everyPartAnsweringComposesTheWholeView() throws Exception {
        HttpResponse<String> response = details("o-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject view = json(response.body());
        assertThat(view.getJsonArray("degraded")).isEmpty();
        assertThat(view.getJsonObject("order").getString("status")).isEqualTo("CONFIRMED");
        JsonArray items = view.getJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(items.getJsonObject(0).getString("sku")).isEqualTo("sku-1");
        assertThat(items.getJsonObject(0).getInt("quantity")).isEqualTo(2);
        assertThat(items.getJsonObject(0).getString("name")).isEqualTo("Red shoes");
        assertThat(items.getJsonObject(0).getString("imageUrl")).isEqualTo("/images/sku-1.png");
        assertThat(items.getJsonObject(1).getString("name")).isEqualTo("Blue socks");
        assertThat(view.getJsonObject("payment").getString("status")).isEqualTo("AUTHORIZED");
        assertThat(view.getJsonArray("notifications")).extracting(n -> ((JsonObject) n).getString("id"))
                .as("only this order's notifications, in the service's order").containsExactly("n-2", "n-1");
    }

    static Stream<Arguments> eachServiceDown() {
        return Stream.of(
                // Without orders, ownership is unproven: the payment is withheld and the lines are unknown.
                Arguments.of("orders", List.of("order", "items", "payment")),
                Arguments.of("catalog", List.of("items")),
                Arguments.of("payments", List.of("payment")),
                Arguments.of("notifications", List.of("notifications")));
    }

    @ParameterizedTest(name = "{0} down degrades {1}")
    @MethodSource("eachServiceDown")
    void aStoppedServiceDegradesOnlyItsParts(String service, List<String> expectedDegraded) throws Exception {
        Map.of("orders", orders, "catalog", catalog, "payments", payments, "notifications", notifications)
                .get(service).close();

        HttpResponse<String> response = details("o-1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject view = json(response.body());
        assertThat(view.getJsonArray("degraded")).extracting(v -> ((JsonString) v).getString())
                .containsExactlyElementsOf(expectedDegraded);
        assertThat(view.isNull("order")).isEqualTo(service.equals("orders"));
        assertThat(view.isNull("payment")).isEqualTo(service.equals("orders") || service.equals("payments"));
        assertThat(view.isNull("notifications")).isEqualTo(service.equals("notifications"));
        if (service.equals("orders")) {
            assertThat(view.isNull("items")).isTrue();
            assertThat(view.getJsonArray("notifications")).hasSize(2);
        } else {
            JsonObject first = view.getJsonArray("items").getJsonObject(0);
            assertThat(first.getString("sku")).isEqualTo("sku-1");
            // Without catalog the lines stay (they are the order's own data), without product fields.
            assertThat(first.get("name")).isEqualTo(service.equals("catalog") ? JsonValue.NULL : jsonString("Red shoes"));
        }
    }

    @Test
    void everyServiceDownStillAnswers200NamingEveryPart() throws Exception {
        Stream.of(orders, catalog, payments, notifications).forEach(FakeService::close);

        HttpResponse<String> response = details("o-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).getJsonArray("degraded")).extracting(v -> ((JsonString) v).getString())
                .containsExactly("order", "items", "payment", "notifications");
    }

    @Test
    void unknownOrForeignOrderIsOrdersOwn404Problem() throws Exception {
        HttpResponse<String> response = details("o-someone-elses");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(problem.getString("detail")).isEqualTo("orders has nothing at /orders/o-someone-elses");
        assertThat(problem.getString("instance")).isEqualTo("/api/orders/o-someone-elses/details");
        assertThat(response.body()).doesNotContain("AUTHORIZED", "confirmed");
    }

    @Test
    void malformedOrderIdIsNotFoundWithoutAskingAnyone() throws Exception {
        HttpResponse<String> response = details("not%20an%20id");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(orders.received()).isEmpty();
    }

    @Test
    void aSlowPartIsDroppedAtItsTimeoutWithoutDelayingTheRest() throws Exception {
        payments.answerAfter("/payments/o-1", Duration.ofSeconds(10), PAYMENT);

        long start = System.nanoTime();
        HttpResponse<String> response = details("o-1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).getJsonArray("degraded")).extracting(v -> ((JsonString) v).getString())
                .containsExactly("payment");
        // Payment runs alongside the order, so its budget ends with the order's; products have their own after it.
        assertThat(took).isGreaterThanOrEqualTo(PART_TIMEOUT).isLessThan(PART_TIMEOUT.multipliedBy(2).plusMillis(1500));
    }

    @Test
    void aSlowCatalogDegradesItemsAfterTheOrderArrived() throws Exception {
        catalog.answerAfter("/products/sku-2", Duration.ofSeconds(10), product("sku-2", "Blue socks"));

        HttpResponse<String> response = details("o-1");

        JsonObject view = json(response.body());
        assertThat(view.getJsonArray("degraded")).extracting(v -> ((JsonString) v).getString()).containsExactly("items");
        assertThat(view.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("Red shoes");
        assertThat(view.getJsonArray("items").getJsonObject(1).isNull("name")).isTrue();
    }

    @Test
    void noPaymentYetIsANullPaymentNotADegradedOne() throws Exception {
        orders.answer("/orders/o-2", 200, ORDER.replace("\"o-1\"", "\"o-2\""));

        JsonObject view = json(details("o-2").body());

        assertThat(view.isNull("payment")).isTrue();
        assertThat(view.getJsonArray("degraded")).isEmpty();
        assertThat(view.getJsonArray("notifications")).extracting(n -> ((JsonObject) n).getString("id")).containsExactly("n-3");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/api/orders/o-1/details", "/api/%6frders/o-1/details"})
    void withoutATokenNothingIsFetched(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(orders.received()).isEmpty();
        assertThat(payments.received()).isEmpty();
        assertThat(notifications.received()).isEmpty();
    }

    @Test
    void aPaymentNamingAnotherCustomerIsWithheld() throws Exception {
        payments.answer("/payments/o-1", 200, PAYMENT.replace("customer-dev", "customer-other"));

        JsonObject view = json(details("o-1").body());

        assertThat(view.isNull("payment")).isTrue();
        assertThat(view.getJsonArray("degraded")).extracting(v -> ((JsonString) v).getString()).containsExactly("payment");
    }

    @Test
    void callerCredentialsAndCorrelationReachTheServicesAsTheProxySendsThem() throws Exception {
        HttpResponse<String> response = send(request("/api/orders/o-1/details")
                                                     .header("X-Request-Id", "details-1")
                                                     .header("traceparent", TRACEPARENT)
                                                     .header("X-Customer-Id", "customer-forged"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("details-1");
        for (FakeUpstream.Received received : List.of(orders.lastTo("/orders/o-1"),
                                                      notifications.lastTo("/notifications"),
                                                      payments.lastTo("/payments/o-1"),
                                                      catalog.lastTo("/products/sku-1"))) {
            assertThat(received.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(received.header("X-Customer-Id")).as("identity travels only as the verified token").isNull();
            assertThat(received.header("X-Request-Id")).isEqualTo("details-1");
            assertThat(received.header("traceparent")).as("the caller's trace, under the gateway's span")
                    .startsWith(TRACEPARENT.substring(0, 36)).isNotEqualTo(TRACEPARENT);
            assertThat(received.header("Accept")).isEqualTo("application/json");
        }
        assertThat(notifications.lastTo("/notifications").uri().getQuery()).isEqualTo("limit=200");
    }

    private static String product(String sku, String name) {
        return """
                {"sku":"%s","name":"%s","description":"d","category":"c","price":{"amount":1999,"currency":"EUR"},
                 "imageUrl":"/images/%s.png"}""".formatted(sku, name, sku);
    }

    private HttpResponse<String> details(String id) throws IOException, InterruptedException {
        return send(request("/api/orders/" + id + "/details"));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(5))
                .setHeader("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonValue jsonString(String value) {
        return jakarta.json.Json.createValue(value);
    }

    private static JsonObject json(String text) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
