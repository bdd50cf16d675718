package dev.mosaic.gateway.ops;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations page and its admin-only data, in front of fake services of which one is down. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpsIT {

    private static final DevIssuer ISSUER = DevIssuer.loadOrCreate(tempDir());
    private static final String ADMIN = ISSUER.issue("ops-admin", true, Duration.ofMinutes(30));
    private static final String CUSTOMER = ISSUER.issue("customer-dev", false, Duration.ofMinutes(30));
    private static final String DEAD_LETTERS = """
            [{"id":3,"topic":"payments.events","partition":0,"offset":12,"key":"o-1","eventId":"e-3",
              "eventType":"dev.mosaic.payment.authorized.v1","source":"payments","subject":"o-1",
              "error":"no such order","errorClass":"java.lang.IllegalStateException","attempts":3,"status":"DEAD",
              "failedAt":"2026-11-26T07:00:00Z","redrivenAt":null,"data":"{}"},
             {"id":5,"topic":"inventory.events","partition":0,"offset":40,"key":"o-2","eventId":"e-5",
              "eventType":"dev.mosaic.stock.reserved.v1","source":"inventory","subject":"o-2",
              "error":"database unavailable","errorClass":"java.sql.SQLException","attempts":3,"status":"DEAD",
              "failedAt":"2026-11-26T07:01:00Z","redrivenAt":null,"data":"{}"}]""";

    private FakeService orders;
    private FakeService catalog;
    private FakeService payments;
    private WebServer gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ops-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startServicesAndGateway() throws IOException {
        orders = new FakeService("orders")
                .answer("/health/ready", 200, """
                        {"status":"UP","checks":[{"name":"database","status":"UP"},{"name":"kafka","status":"UP"}]}""")
                .answer("/admin/dead-letters", 200, DEAD_LETTERS);
        catalog = new FakeService("catalog")
                .answer("/health/ready", 503, """
                        {"status":"DOWN","checks":[{"name":"database","status":"DOWN","data":{"error":"timeout"}}]}""")
                .answer("/admin/dead-letters", 200, "[]");
        payments = new FakeService("payments");
        payments.close();  // payments is down: its port refuses connections
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  auth: {jwks-file: %s, issuer: mosaic-dev, audience: mosaic}
                  upstream: {orders: %s, catalog: %s, payments: %s}
                  gateway:
                    circuit-breaker: {failures: 1, open-for: 60s}
                    ops: {timeout: 1s, orders: 7}
                    routes:
                      - {prefix: /api/orders, upstream: orders, access: customer}
                      - {prefix: /api/products, upstream: catalog, access: public}
                      - {prefix: /api/payments, upstream: payments, access: customer}
                """.formatted(ISSUER.jwksFile(), orders.url(), catalog.url(), payments.url());
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    @AfterEach
    void stopAll() {
        if (gateway != null) {
            gateway.stop();
        }
        Stream.of(orders, catalog, payments).forEach(FakeService::close);
    }

    @Test
    void statusShowsEachServicesHealthBreakerAndDeadLettersWhileOneIsDown() throws Exception {
        // One failed call through the proxy opens payments' breaker (threshold 1 here).
        assertThat(send("GET", "/api/payments/o-1", CUSTOMER).statusCode()).isEqualTo(503);

        HttpResponse<String> response = send("GET", "/ops/api/status", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject status = json(response.body());
        assertThat(status.getJsonArray("services")).extracting(s -> ((JsonObject) s).getString("name"))
                .containsExactlyInAnyOrder("orders", "catalog", "payments");

        JsonObject ordersView = service(status, "orders");
        assertThat(ordersView.getJsonObject("health").getString("status")).isEqualTo("UP");
        assertThat(ordersView.getJsonObject("health").getJsonArray("checks")).hasSize(2);
        assertThat(ordersView.getJsonObject("breaker").getString("state")).isEqualTo("CLOSED");
        assertThat(ordersView.getJsonObject("breaker").getInt("inFlight")).isZero();
        JsonObject letters = ordersView.getJsonObject("deadLetters");
        assertThat(letters.getInt("count")).isEqualTo(2);
        assertThat(letters.getBoolean("capped")).isFalse();
        assertThat(letters.getJsonArray("recent")).as("newest first")
                .extracting(d -> ((JsonObject) d).getInt("id")).containsExactly(5, 3);
        assertThat(letters.getJsonArray("recent").getJsonObject(0).getString("error")).isEqualTo("database unavailable");

        JsonObject catalogView = service(status, "catalog");
        assertThat(catalogView.getJsonObject("health").getString("status")).isEqualTo("DOWN");
        assertThat(catalogView.getJsonObject("health").getJsonArray("checks").getJsonObject(0).getString("name"))
                .isEqualTo("database");
        assertThat(catalogView.getJsonObject("deadLetters").getInt("count")).isZero();

        JsonObject paymentsView = service(status, "payments");
        assertThat(paymentsView.getJsonObject("health").getString("status")).isEqualTo("DOWN");
        assertThat(paymentsView.getJsonObject("health").getString("error")).isEqualTo("payments refused the connection");
        assertThat(paymentsView.getJsonObject("breaker").getString("state")).isEqualTo("OPEN");
        assertThat(paymentsView.getJsonObject("deadLetters").getString("error")).isEqualTo("payments refused the connection");

        FakeUpstream.Received asked = orders.lastTo("/admin/dead-letters");
        assertThat(asked.uri().getQuery().split("&")).containsExactlyInAnyOrder("status=DEAD", "limit=1000");
        assertThat(asked.header("Authorization")).as("the admin's token, for orders to verify again")
                .isEqualTo("Bearer " + ADMIN);
        assertThat(asked.header("X-Request-Id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsDownAndTheRestStillShows() throws Exception {
        catalog.answerAfter("/health/ready", Duration.ofSeconds(5), "{\"status\":\"UP\",\"checks\":[]}");

        long start = System.nanoTime();
        JsonObject status = json(send("GET", "/ops/api/status", ADMIN).body());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(service(status, "catalog").getJsonObject("health").getString("error"))
                .isEqualTo("catalog did not answer within 1000 ms");
        assertThat(service(status, "orders").getJsonObject("health").getString("status")).isEqualTo("UP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /ops/api/status", "GET /ops/api/orders", "POST /ops/api/dead-letters/orders/5/redrive"})
    void theDataNeedsAnAdmin(String call) throws Exception {
        String method = call.split(" ")[0];
        String path = call.split(" ")[1];

        HttpResponse<String> anonymous = send(method, path, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mosaic\"");

        HttpResponse<String> customer = send(method, path, CUSTOMER);
        assertThat(customer.statusCode()).isEqualTo(403);
        assertThat(json(customer.body()).getString("type")).isEqualTo("https://mosaic.dev/problems/forbidden");

        HttpResponse<String> forged = send(method, path, ADMIN.substring(0, ADMIN.length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isEqualTo(401);

        assertThat(orders.received()).as("nothing reaches a service for a refused caller").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ops/%61pi/status", "/ops/api/%6Frders", "/ops//api/status", "/ops/./api/status"})
    void anEncodedOrUnusualSpellingOfTheDataPathsStillNeedsAnAdmin(String path) throws Exception {
        HttpResponse<String> anonymous = send("GET", path, null);
        assertThat(anonymous.statusCode()).as(path).isIn(400, 401, 404);

        HttpResponse<String> customer = send("GET", path, CUSTOMER);
        assertThat(customer.statusCode()).as(path).isIn(400, 403, 404);
        assertThat(orders.received()).isEmpty();
    }

    @Test
    void redriveIsForwardedToTheNamedServiceAndItsAnswerRelayed() throws Exception {
        orders.answer("/admin/dead-letters/5/redrive", 200,
                      "{\"id\":5,\"status\":\"REDRIVEN\",\"outcome\":\"HANDLED\",\"error\":null}");

        HttpResponse<String> response = send("POST", "/ops/api/dead-letters/orders/5/redrive", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).getString("outcome")).isEqualTo("HANDLED");
        FakeUpstream.Received relayed = orders.lastTo("/admin/dead-letters/5/redrive");
        assertThat(relayed.method()).isEqualTo("POST");
        assertThat(relayed.header("Authorization")).isEqualTo("Bearer " + ADMIN);
        assertThat(catalog.received()).isEmpty();
    }

    @Test
    void aRedriveThatFailsAgainRelaysTheServicesProblem() throws Exception {
        catalog.answer("/admin/dead-letters/9/redrive", 409, """
                {"type":"https://mosaic.dev/problems/conflict","title":"Conflict","status":409,
                 "detail":"Dead letter 9 failed again: no such product. It stays DEAD; fix the cause and redrive again"}""");

        HttpResponse<String> response = send("POST", "/ops/api/dead-letters/catalog/9/redrive", ADMIN);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("detail")).startsWith("Dead letter 9 failed again");
        assertThat(problem.getString("instance")).isEqualTo("/ops/api/dead-letters/catalog/9/redrive");
    }

    @Test
    void aRedriveToAnUnknownServiceOrADownOneIsAnsweredByTheGateway() throws Exception {
        HttpResponse<String> unknown = send("POST", "/ops/api/dead-letters/billing/5/redrive", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).getString("detail")).contains("'billing'");

        HttpResponse<String> notAnId = send("POST", "/ops/api/dead-letters/orders/x1/redrive", ADMIN);
        assertThat(notAnId.statusCode()).isEqualTo(404);

        HttpResponse<String> down = send("POST", "/ops/api/dead-letters/payments/5/redrive", ADMIN);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down.body()).getString("detail")).startsWith("payments refused the connection");
        assertThat(orders.received()).isEmpty();
    }

    @Test
    void recentOrdersComeFromOrdersAdminList() throws Exception {
        orders.answer("/admin/orders", 200, """
                [{"id":"o-2","customerId":"c-1","status":"CONFIRMED","reason":null,
                  "timeline":[{"status":"PENDING","reason":null,"at":"2026-11-26T07:00:00Z"},
                              {"status":"AWAITING_PAYMENT","reason":null,"at":"2026-11-26T07:00:01Z"},
                              {"status":"CONFIRMED","reason":null,"at":"2026-11-26T07:00:02Z"}]}]""");

        HttpResponse<String> response = send("GET", "/ops/api/orders", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray list = json(response.body()).getJsonArray("orders");
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getJsonArray("timeline")).hasSize(3);
        FakeUpstream.Received asked = orders.lastTo("/admin/orders");
        assertThat(asked.uri().getQuery()).as("mosaic.gateway.ops.orders").isEqualTo("limit=7");
        assertThat(asked.header("Authorization")).isEqualTo("Bearer " + ADMIN);
    }

    @Test
    void recentOrdersWithOrdersDownIsAProblemNotAnError() throws Exception {
        orders.close();

        HttpResponse<String> response = send("GET", "/ops/api/orders", ADMIN);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).getString("detail")).startsWith("orders refused the connection");
    }

    @Test
    void thePageIsServedAsHtmlAllowingOnlyItsOwnScriptAndStyle() throws Exception {
        HttpResponse<String> response = send("GET", "/ops", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).startsWith("default-src 'none'; connect-src 'self';").contains("frame-ancestors 'none'");
        assertThat(response.body()).contains("<title>Mosaic operations</title>").doesNotContain("http://", "https://");
        for (String tag : List.of("script", "style")) {
            Matcher inline = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(response.body());
            assertThat(inline.find()).as("the page has its %s inline", tag).isTrue();
            assertThat(policy).contains(tag + "-src 'sha256-" + sha256(inline.group(1)) + "'");
        }
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject service(JsonObject status, String name) {
        return status.getJsonArray("services").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("name").equals(name)).findFirst().orElseThrow();
    }

    private static JsonObject json(String body) {
        try (var reader = UpstreamJson.JSON.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private static String sha256(String text) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
