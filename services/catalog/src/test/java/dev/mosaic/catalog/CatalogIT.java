package dev.mosaic.catalog;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mosaic.catalog.messaging.OutboxProductEvents;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Operability;
import dev.mosaic.testing.ProducedEvents;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog through real HTTP, on a real database (H2, or PostgreSQL when configured) and a real broker. */
@ExtendWith(ServiceInfra.class)
@HelidonTest
class CatalogIT {

    private static final String JSON = "application/json";
    private static TopicProbe events;
    @RegisterExtension
    static final ProducedEvents CONTRACTS = new ProducedEvents(OutboxProductEvents.SOURCE,
            List.of(OutboxProductEvents.CREATED, OutboxProductEvents.PRICE_CHANGED), OutboxProductEvents.TOPIC);

    @BeforeAll
    static void subscribe() {
        events = new TopicProbe(TestKafka.bootstrapServers(), OutboxProductEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void listsTheDemoCatalogPageByPage() {
        JsonObject first = ok(http().get("/products?size=5"));
        JsonObject second = ok(http().get("/products?size=5&page=1"));

        assertThat(first.getJsonArray("items")).hasSize(5);
        assertThat(first.getInt("page")).isZero();
        assertThat(first.getInt("size")).isEqualTo(5);
        assertThat(first.getInt("total")).isGreaterThanOrEqualTo(24);
        assertThat(skus(first)).doesNotContainAnyElementsOf(skus(second));
        JsonObject beyond = ok(http().get("/products?size=5&page=1000"));
        assertThat(beyond.getJsonArray("items")).isEmpty();
        assertThat(beyond.getInt("total")).isEqualTo(first.getInt("total"));
    }

    @Test
    void theDemoCatalogIsAnnouncedOnItsTopicOnce() {
        // Inserted by a migration, announced at startup: the replicas fed by catalog.events learn every product.
        CloudEvent created = events.awaitEvent(OutboxProductEvents.CREATED, e -> "COF-KEN-250".equals(e.subject()),
                java.time.Duration.ofSeconds(30));
        assertThat(created.dataAsString()).contains("\"amount\":1490");
        events.awaitEvent(OutboxProductEvents.CREATED, e -> "GFT-CRD-50".equals(e.subject()), java.time.Duration.ofSeconds(30));
        assertThat(events.count(OutboxProductEvents.CREATED, e -> "COF-KEN-250".equals(e.subject()))).isEqualTo(1);
    }

    @Test
    void demoCatalogSpansSeveralCategories() {
        JsonObject all = ok(http().get("/products?size=100"));
        assertThat(all.getJsonArray("items").stream().map(v -> v.asJsonObject().getString("category")).distinct())
                .hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void searchesByTextCaseInsensitivelyAndByCategory() {
        assertThat(skus(ok(http().get("/products?q=KENYA")))).containsExactly("COF-KEN-250");
        JsonObject tea = ok(http().get("/products?category=tea&size=100"));
        assertThat(tea.getInt("total")).isEqualTo(4);
        assertThat(tea.getJsonArray("items")).allSatisfy(v -> assertThat(v.asJsonObject().getString("category")).isEqualTo("tea"));
        assertThat(ok(http().get("/products?q=grinder&category=brewing")).getInt("total")).isEqualTo(1);
        assertThat(ok(http().get("/products?q=zzzz-nothing")).getInt("total")).isZero();
        assertThat(ok(http().get("/products?q=100%25")).getInt("total")).isZero();
    }

    @Test
    void getsOneProductInThePublicContractShape() {
        JsonObject product = ok(http().get("/products/COF-ETH-250"));

        assertThat(product.getString("sku")).isEqualTo("COF-ETH-250");
        assertThat(product.getString("name")).startsWith("Ethiopia");
        assertThat(product.getString("description")).isNotBlank();
        assertThat(product.getString("category")).isEqualTo("coffee");
        assertThat(product.getJsonObject("price").getJsonNumber("amount").longValue()).isEqualTo(1290);
        assertThat(product.getJsonObject("price").getString("currency")).isEqualTo("EUR");
        assertThat(product.getString("imageUrl")).isEqualTo("/images/products/cof-eth-250.svg");
    }

    @Test
    void unknownSkuIsA404Problem() {
        HttpResponse<String> response = http().get("/products/NO-SUCH-SKU");

        JsonObject problem = problem(response, 404);
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(problem.getString("detail")).contains("NO-SUCH-SKU");
        assertThat(problem.getString("instance")).isEqualTo("/products/NO-SUCH-SKU");
    }

    @Test
    void unknownPathIsA404Problem() {
        problem(http().get("/no/such/thing"), 404);
    }

    @Test
    void badPagingIsA400WithAFieldErrorPerField() {
        JsonObject problem = problem(http().get("/products?page=-1&size=abc"), 400);

        assertThat(problem.getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .containsExactlyInAnyOrder("page", "size");
        problem(http().get("/products?size=101"), 400);
    }

    @Test
    void createdProductIsServedAndAnnouncedOnCatalogEvents() {
        HttpResponse<String> created = http().send("POST", "/admin/products", JSON, product("NEW-CREATED-1", 990));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/products/NEW-CREATED-1"));
        assertThat(ok(http().get("/products/NEW-CREATED-1")).getString("name")).isEqualTo("Test product");
        // The relay retries every 5 s: a first publish may wait for the broker to create the topic.
        var event = events.awaitEvent(OutboxProductEvents.CREATED, e -> "NEW-CREATED-1".equals(e.subject()), Duration.ofSeconds(30));
        assertThat(event.source()).isEqualTo("/mosaic/catalog");
        JsonObject data = Json.createReader(new StringReader(event.dataAsString())).readObject();
        assertThat(data.getString("sku")).isEqualTo("NEW-CREATED-1");
        assertThat(data.getJsonObject("price").getInt("amount")).isEqualTo(990);
    }

    @Test
    void priceChangeIsAnnouncedWithPreviousAndNewPriceAndOtherEditsAreNot() {
        assertThat(http().send("POST", "/admin/products", JSON, product("NEW-PRICED-1", 1000)).statusCode()).isEqualTo(201);

        HttpResponse<String> renamed = http().send("PUT", "/admin/products/NEW-PRICED-1", JSON,
                product(null, 1000).replace("Test product", "Renamed product"));
        HttpResponse<String> repriced = http().send("PUT", "/admin/products/NEW-PRICED-1", JSON, product(null, 1250));

        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(ok(repriced).getJsonObject("price").getInt("amount")).isEqualTo(1250);
        var event = events.awaitEvent(OutboxProductEvents.PRICE_CHANGED, e -> "NEW-PRICED-1".equals(e.subject()), Duration.ofSeconds(30));
        JsonObject data = Json.createReader(new StringReader(event.dataAsString())).readObject();
        assertThat(data.getJsonObject("previousPrice").getInt("amount")).isEqualTo(1000);
        assertThat(data.getJsonObject("price").getInt("amount")).isEqualTo(1250);
        assertThat(events.count(OutboxProductEvents.PRICE_CHANGED, e -> "NEW-PRICED-1".equals(e.subject()))).isEqualTo(1);
    }

    @Test
    void creatingAnExistingSkuIsA409AndChangesNothing() {
        JsonObject before = ok(http().get("/products/COF-COL-250"));

        problem(http().send("POST", "/admin/products", JSON, product("COF-COL-250", 1)), 409);

        assertThat(ok(http().get("/products/COF-COL-250"))).isEqualTo(before);
    }

    @Test
    void updatingAnUnknownSkuIsA404Problem() {
        problem(http().send("PUT", "/admin/products/NO-SUCH-SKU", JSON, product(null, 100)), 404);
    }

    static Stream<Arguments> badCreates() {
        String big = "{\"sku\":\"BAD-BIG\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        return Stream.of(
                Arguments.of("malformed JSON", JSON, "{\"sku\":\"BAD-1\",", 400, "malformed-request"),
                Arguments.of("wrong type", JSON, product("BAD-2", 100).replace("\"amount\":100", "\"amount\":\"cheap\""), 400, "malformed-request"),
                Arguments.of("negative price", JSON, product("BAD-3", -5), 400, "validation"),
                Arguments.of("unknown field", JSON, product("BAD-4", 100).replace("\"name\"", "\"nmae\""), 400, "validation"),
                Arguments.of("missing fields", JSON, "{\"sku\":\"BAD-5\"}", 400, "validation"),
                Arguments.of("bad sku", JSON, product("bad sku", 100), 400, "validation"),
                Arguments.of("array body", JSON, "[1,2,3]", 400, "malformed-request"),
                Arguments.of("empty body", JSON, "", 400, "validation"),
                Arguments.of("wrong content type", "text/plain", product("BAD-6", 100), 415, "unsupported-media-type"),
                Arguments.of("oversized body", JSON, big, 413, "payload-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreateIsAProblemAndChangesNothing(String what, String contentType, String body, int status, String kind) {
        long total = ok(http().get("/products?size=1")).getInt("total");

        JsonObject problem = problem(http().send("POST", "/admin/products", contentType, body), status);

        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/" + kind);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(ok(http().get("/products?size=1")).getInt("total")).isEqualTo(total);
        assertThat(events.count(OutboxProductEvents.CREATED, e -> e.subject() != null && e.subject().startsWith("BAD"))).isZero();
    }

    @Test
    void zeroPriceIsRefusedOnCreateAndUpdateWithAFieldError() {
        Http admin = http().with("Authorization", TestTokens.admin());
        JsonObject before = ok(http().get("/products/TEA-SEN-100"));

        JsonObject created = problem(admin.send("POST", "/admin/products", JSON, product("FREE-1", 0)), 400);
        JsonObject updated = problem(admin.send("PUT", "/admin/products/TEA-SEN-100", JSON, product(null, 0)), 400);

        for (JsonObject problem : List.of(created, updated)) {
            assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/validation");
            assertThat(problem.getJsonArray("errors")).anySatisfy(e -> {
                assertThat(e.asJsonObject().getString("field")).isEqualTo("price.amount");
                assertThat(e.asJsonObject().getString("message")).contains("greater than 0");
            });
        }
        problem(http().get("/products/FREE-1"), 404);
        assertThat(ok(http().get("/products/TEA-SEN-100"))).isEqualTo(before);
    }

    @Test
    void anImageUrlIsAnHttpUrlOrAPathOnThisSiteAndNothingElse() {
        Http admin = http().with("Authorization", TestTokens.admin());
        String body = "{\"name\":\"Mug\",\"description\":\"\",\"category\":\"tableware\","
                      + "\"price\":{\"amount\":1890,\"currency\":\"EUR\"},\"imageUrl\":\"%s\"}";

        for (String refused : List.of("//elsewhere.example/x.svg", "javascript:alert(1)", "images/x.svg")) {
            JsonObject problem = problem(admin.send("PUT", "/admin/products/MUG-STN-350", JSON, body.formatted(refused)), 400);
            assertThat(problem.getJsonArray("errors")).anySatisfy(
                    e -> assertThat(e.asJsonObject().getString("field")).isEqualTo("imageUrl"));
        }
        ok(admin.send("PUT", "/admin/products/MUG-STN-350", JSON, body.formatted("/images/products/mug-stn-350.svg")));
        assertThat(ok(http().get("/products/MUG-STN-350")).getString("imageUrl")).isEqualTo("/images/products/mug-stn-350.svg");
    }

    @Test
    void badUpdateIsAProblemAndLeavesTheProductAsItWas() {
        JsonObject before = ok(http().get("/products/TEA-SEN-100"));

        problem(http().send("PUT", "/admin/products/TEA-SEN-100", JSON, product(null, -1)), 400);
        problem(http().send("PUT", "/admin/products/TEA-SEN-100", JSON, product("OTHER-SKU", 1)), 400);
        problem(http().send("PUT", "/admin/products/TEA-SEN-100", JSON, "{\"name\":"), 400);

        assertThat(ok(http().get("/products/TEA-SEN-100"))).isEqualTo(before);
    }

    @Test
    void everyAnswerCarriesARequestIdAndEchoesTheCallersOne() {
        HttpResponse<String> mine = http().send("GET", "/products/COF-ETH-250", null, null, Map.of("X-Request-Id", "req-from-test-1"));
        HttpResponse<String> generated = http().get("/products/NO-SUCH-SKU");

        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("req-from-test-1");
        assertThat(generated.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(problem(generated, 404).getString("requestId")).isEqualTo(generated.headers().firstValue("X-Request-Id").get());
    }

    @Test
    void healthReportsDatabaseAndKafkaAndMetricsAndOpenApiAreServed() {
        Operability.assertOperable(http(), "/products/{sku}", "/admin/products");
    }

    private static String product(String sku, long amount) {
        return "{" + (sku == null ? "" : "\"sku\":\"" + sku + "\",")
                + "\"name\":\"Test product\",\"description\":\"Made for a test\",\"category\":\"coffee\","
                + "\"price\":{\"amount\":" + amount + ",\"currency\":\"EUR\"}}";
    }

    private static List<String> skus(JsonObject page) {
        return page.getJsonArray("items").stream().map(JsonValue::asJsonObject).map(p -> p.getString("sku")).toList();
    }

    private static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonObject problem = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(problem.getInt("status")).isEqualTo(status);
        return problem;
    }

    private static Http http() {
        return ServicePort.http();
    }
}
