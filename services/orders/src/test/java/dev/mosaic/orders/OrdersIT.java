package dev.mosaic.orders;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mosaic.orders.domain.OrderChanges;
import dev.mosaic.platform.dev.DevIssuer;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.EventContracts;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.Operability;
import dev.mosaic.testing.ProducedEvents;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * orders as a service: real HTTP, real broker, real database, and real gRPC / HTTP servers standing in for
 * inventory and catalog. The saga's answers from inventory and payments are published as those services would.
 */
@ExtendWith({ServiceInfra.class, FakeDependencies.class})
@HelidonTest
@AddConfig(key = "mosaic.events.delivery", value = "poll,push")
@AddConfig(key = "mosaic.events.push.senders.inventory.events", value = "eventing-inventory.events")
@AddConfig(key = "mosaic.events.push.senders.payments.events", value = "eventing-payments.events")
@AddConfig(key = "mosaic.events.push.senders.catalog.events", value = "eventing-catalog.events")
// A waiting read looks again only at the end of its wait: what answers it sooner is the news of the change.
@AddConfig(key = "orders.watch.recheck-ms", value = "60000")
// The first test sees the service as it started, before any order.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrdersIT {

    @PersistenceUnit(unitName = "orders")
    EntityManagerFactory entityManagers;
    @Inject
    OrderChanges changes;

    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TopicProbe ordersEvents;
    private static TopicProbe paymentCommands;
    private static TopicProbe inventoryCommands;
    @RegisterExtension
    static final ProducedEvents CONTRACTS = new ProducedEvents("/mosaic/orders", List.of("dev.mosaic.order.placed.v1",
            "dev.mosaic.order.confirmed.v1", "dev.mosaic.order.cancelled.v1", "dev.mosaic.stock.reserve.v1",
            "dev.mosaic.payment.authorize.v1", "dev.mosaic.payment.refund.v1"),
            "orders.events", "inventory.commands", "payments.commands");

    @BeforeAll
    static void subscribe() {
        ordersEvents = new TopicProbe(TestKafka.bootstrapServers(), "orders.events");
        paymentCommands = new TopicProbe(TestKafka.bootstrapServers(), "payments.commands");
        inventoryCommands = new TopicProbe(TestKafka.bootstrapServers(), "inventory.commands");
        FakeDependencies.catalog.prices.putAll(Map.of("COF-ETH-250", 1290L, "TEA-SEN-100", 990L, "SOLD-OUT-1", 500L));
        FakeDependencies.inventory.soldOut.add("SOLD-OUT-1");
    }

    @AfterAll
    static void close() {
        ordersEvents.close();
        paymentCommands.close();
        inventoryCommands.close();
    }

    @Test
    @Order(1)
    void ordersDialsInventoryWhenItStartsSoTheFirstReservationFindsAConnection() {
        await().atMost(WAIT).until(() -> FakeDependencies.inventory.connections() > 0);
        assertThat(FakeDependencies.inventory.reserves).as("no order was placed yet").isEmpty();
    }

    @Test
    void everyConsumedTypeHasASchema() {
        EventContracts.ofRepository().assertHandledTypesHaveSchemas();
    }

    @Test
    void orderWithStockAndAuthorizedPaymentIsConfirmed() {
        String customer = customer();
        HttpResponse<String> placed = place(customer, "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":2},"
                + "{\"sku\":\"TEA-SEN-100\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", null);

        assertThat(placed.statusCode()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        assertThat(json(placed.body()).getString("status")).isEqualTo("AWAITING_PAYMENT");
        assertThat(placed.headers().firstValue("Location")).hasValue("/api/orders/" + id);
        CloudEvent authorize = paymentCommands.awaitEvent("dev.mosaic.payment.authorize.v1", e -> id.equals(e.subject()), WAIT);
        JsonObject command = json(authorize.dataAsString());
        assertThat(command.getJsonObject("amount").getInt("amount")).isEqualTo(2 * 1290 + 990);
        assertThat(command.getString("paymentToken")).isEqualTo("tok_ok");
        assertThat(command.getString("customerId")).isEqualTo(customer);

        answer("payments.events", "dev.mosaic.payment.authorized.v1", id, "{\"orderId\":\"" + id + "\",\"paymentId\":\"p-1\"}");

        awaitStatus(customer, id, "CONFIRMED");
        JsonObject order = json(http(customer).get("/orders/" + id).body());
        assertThat(order.getJsonObject("total").getInt("amount")).isEqualTo(3570);
        assertThat(order.getJsonArray("lines")).hasSize(2);
        assertThat(order.getJsonArray("lines").getJsonObject(0).getJsonObject("unitPrice").getInt("amount")).isEqualTo(1290);
        ordersEvents.awaitEvent("dev.mosaic.order.placed.v1", e -> id.equals(e.subject()), WAIT);
        ordersEvents.awaitEvent("dev.mosaic.order.confirmed.v1", e -> id.equals(e.subject()), WAIT);
    }

    @Test
    void aFollowerThatWaitsIsAnsweredWhenTheOrderChangesAndOtherwiseHearsNotModified() throws Exception {
        String customer = customer();
        String id = placeOk(customer, "COF-ETH-250", 1, "tok_ok");
        HttpResponse<String> first = http(customer).get("/orders/" + id);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"\\d+\"");

        HttpResponse<String> same = follow(customer, id, etag, null);
        assertThat(same.statusCode()).as("a plain conditional read answers at once").isEqualTo(304);
        assertThat(same.headers().firstValue("ETag")).hasValue(etag);
        long started = System.nanoTime();
        HttpResponse<String> quiet = follow(customer, id, etag, "wait=1");
        assertThat(quiet.statusCode()).isEqualTo(304);
        assertThat(quiet.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        problem(follow(customer(), id, etag, "wait=1"), 404);

        var waiting = CompletableFuture.supplyAsync(() -> follow(customer, id, etag, "wait=60"));
        await("the follower is waiting").atMost(WAIT).until(() -> waitingFor(id));
        long authorized = System.nanoTime();
        answer("payments.events", "dev.mosaic.payment.authorized.v1", id, "{\"orderId\":\"" + id + "\",\"paymentId\":\"p-w\"}");

        HttpResponse<String> changed = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed.body()).getString("status")).isEqualTo("CONFIRMED");
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        // The wait was capped at orders.watch.max-wait-ms (3 s) and no recheck fell inside it: only the news of the
        // commit can have answered it this soon.
        assertThat(Duration.ofNanos(System.nanoTime() - authorized)).isLessThan(Duration.ofMillis(2500));
    }

    /** Orders of any customer not yet CONFIRMED or CANCELLED: their saga is still running. */
    private long ordersInFlight() {
        var entities = entityManagers.createEntityManager();
        try {
            return ((Number) entities.createNativeQuery(
                    "select count(*) from customer_order where status not in ('CONFIRMED', 'CANCELLED')").getSingleResult())
                    .longValue();
        } finally {
            entities.close();
        }
    }

    private boolean waitingFor(String id) {
        return changes.watched() > 0;
    }

    private static HttpResponse<String> follow(String customer, String id, String etag, String prefer) {
        Map<String, String> headers = prefer == null ? Map.of("If-None-Match", etag)
                : Map.of("If-None-Match", etag, "Prefer", prefer);
        return http(customer).send("GET", "/orders/" + id, null, null, headers);
    }

    @Test
    void outOfStockOrderIsCancelledAtOnceAndNothingIsCharged() {
        String customer = customer();
        HttpResponse<String> placed = place(customer, "{\"lines\":[{\"sku\":\"SOLD-OUT-1\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", null);

        assertThat(placed.statusCode()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        assertThat(json(placed.body()).getString("status")).isEqualTo("CANCELLED");
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("reason")).isEqualTo("OUT_OF_STOCK");
        ordersEvents.awaitEvent("dev.mosaic.order.cancelled.v1", e -> id.equals(e.subject()), WAIT);
        paymentCommands.assertNoEvent("dev.mosaic.payment.authorize.v1", e -> id.equals(e.subject()), Duration.ofSeconds(1));
    }

    @Test
    void orderIsAcceptedWhileInventoryIsUnreachableAndProceedsWhenItAnswers() {
        String customer = customer();
        long start = System.nanoTime();
        HttpResponse<String> placed = placeWhileInventoryIsSlow(customer, "TEA-SEN-100", 3);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(placed.statusCode()).isEqualTo(202);
        assertThat(tookMillis).as("placement must not wait for a sick inventory").isLessThan(2500);
        String id = json(placed.body()).getString("id");
        assertThat(json(placed.body()).getString("status")).isEqualTo("PENDING");
        String orderId = id;
        CloudEvent reserve = inventoryCommands.awaitEvent("dev.mosaic.stock.reserve.v1", e -> orderId.equals(e.subject()), WAIT);
        assertThat(json(reserve.dataAsString()).getJsonArray("lines").getJsonObject(0).getInt("quantity")).isEqualTo(3);

        answer("inventory.events", "dev.mosaic.stock.reserved.v1", id, "{\"orderId\":\"" + id + "\"}");

        awaitStatus(customer, id, "AWAITING_PAYMENT");
        paymentCommands.awaitEvent("dev.mosaic.payment.authorize.v1", e -> orderId.equals(e.subject()), WAIT);
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneOrder() {
        String customer = customer();
        String body = "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}";
        String key = "key-" + UUID.randomUUID();

        HttpResponse<String> first = place(customer, body, key);
        HttpResponse<String> second = place(customer, body, key);
        HttpResponse<String> misuse = place(customer, body.replace("\"quantity\":1", "\"quantity\":2"), key);

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(second.body()).getString("id")).isEqualTo(json(first.body()).getString("id"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(misuse.statusCode()).isEqualTo(409);
        assertThat(orders(customer)).hasSize(1);
        assertThat(FakeDependencies.inventory.reservesOf(json(first.body()).getString("id"))).isEqualTo(1);
    }

    @Test
    void aStepWithoutAnswerIsRetriedThenCompensatedAsTimeout() {
        String customer = customer();
        String id = placeOk(customer, "COF-ETH-250", 1, "tok_ok");

        // No payment answer ever comes: the authorize command is sent again, then the order is cancelled.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                paymentCommands.count("dev.mosaic.payment.authorize.v1", e -> id.equals(e.subject())) >= 2);
        awaitStatus(customer, id, "CANCELLED", Duration.ofSeconds(30));
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("reason")).isEqualTo("TIMEOUT");
        paymentCommands.awaitEvent("dev.mosaic.payment.refund.v1", e -> id.equals(e.subject()), WAIT);
        ordersEvents.awaitEvent("dev.mosaic.order.cancelled.v1", e -> id.equals(e.subject()), WAIT);
    }

    @Test
    void pricesComeFromTheReplicaFedByCatalogEvents() {
        String customer = customer();
        String sku = "REPL-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        TestKafka.publish("catalog.events", CloudEvent.create("/mosaic/catalog", "dev.mosaic.product.price-changed.v1", sku,
                "{\"sku\":\"" + sku + "\",\"previousPrice\":{\"amount\":1,\"currency\":\"EUR\"},\"price\":{\"amount\":777,\"currency\":\"EUR\"}}"));
        int callsBefore = FakeDependencies.catalog.calls.get();

        // The sku is unknown to the fake catalog: an order for it can only be priced from the replica.
        await().atMost(WAIT).until(() -> place(customer,
                "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", null).statusCode() == 202);
        JsonObject order = orders(customer).getJsonObject(0);
        assertThat(order.getJsonObject("total").getInt("amount")).isEqualTo(777);
        assertThat(FakeDependencies.catalog.calls.get() - callsBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void unknownSkuIsA400NamingTheLine() {
        String customer = customer();
        JsonObject problem = problem(place(customer, "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1},"
                + "{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", null), 400);

        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("lines[1].sku");
        assertThat(orders(customer)).isEmpty();
    }

    @Test
    void productPricedAtZeroCannotBeOrderedSinceItCouldNeverBePaid() {
        String customer = customer();
        FakeDependencies.catalog.prices.put("FREE-SAMPLE-1", 0L);

        JsonObject problem = problem(place(customer, "{\"lines\":[{\"sku\":\"FREE-SAMPLE-1\",\"quantity\":1}],"
                + "\"paymentToken\":\"tok_ok\"}", null), 400);

        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("lines[0].sku");
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("message")).contains("no valid price");
        assertThat(orders(customer)).isEmpty();
    }

    @Test
    void priceOfAnUnreplicatedSkuWhileCatalogIsDownIsAQuick503() {
        String customer = customer();
        FakeDependencies.catalog.down = true;
        try {
            long start = System.nanoTime();
            JsonObject problem = problem(place(customer, "{\"lines\":[{\"sku\":\"NEVER-SEEN-1\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", null), 503);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
            assertThat(problem.getString("detail")).contains("NEVER-SEEN-1");
        } finally {
            FakeDependencies.catalog.down = false;
        }
        assertThat(orders(customer)).isEmpty();
    }

    static Stream<Arguments> badOrders() {
        String many = "{\"lines\":[" + String.join(",", java.util.Collections.nCopies(21, "{\"sku\":\"COF-ETH-250\",\"quantity\":1}"))
                + "],\"paymentToken\":\"tok_ok\"}";
        return Stream.of(
                Arguments.of("zero quantity", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":0}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("negative quantity", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":-3}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("huge quantity", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":100000}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("quantity beyond int", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":99999999999}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("empty lines", "{\"lines\":[],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("too many lines", many, 400),
                Arguments.of("duplicate sku", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1},{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("unknown payment token", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"tok_stolen\"}", 400),
                Arguments.of("missing token", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}]}", 400),
                Arguments.of("malformed JSON", "{\"lines\":[{\"sku\":", 400),
                Arguments.of("wrong type", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":\"two\"}],\"paymentToken\":\"tok_ok\"}", 400),
                Arguments.of("unknown field", "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"qty\":1}],\"paymentToken\":\"tok_ok\"}", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void badOrderIsAProblemAndNothingIsPlaced(String what, String body, int status) {
        String customer = customer();

        problem(place(customer, body, null), status);

        assertThat(orders(customer)).isEmpty();
    }

    @Test
    void ordersArePlacedConfirmedAndCancelledOnMetricsOnceTheirTransitionCommits() {
        // The counters are the service's: an order another test left waiting would time out in the middle of this one.
        await("every earlier order at its end").atMost(Duration.ofSeconds(30)).until(() -> ordersInFlight() == 0);
        Metrics before = Metrics.scrape(ServicePort.http());
        String customer = customer();
        String confirmed = placeAwaitingPayment(customer, "tok_ok");
        answer("payments.events", "dev.mosaic.payment.authorized.v1", confirmed, "{\"orderId\":\"" + confirmed + "\",\"paymentId\":\"p-m\"}");
        String declined = placeAwaitingPayment(customer, "tok_decline");
        answer("payments.events", "dev.mosaic.payment.declined.v1", declined, "{\"orderId\":\"" + declined + "\",\"reason\":\"CARD_DECLINED\"}");
        awaitStatus(customer, confirmed, "CONFIRMED");
        awaitStatus(customer, declined, "CANCELLED");
        problem(place(customer, "{\"lines\":[],\"paymentToken\":\"tok_ok\"}", null), 400);

        Metrics after = Metrics.scrape(ServicePort.http());
        assertThat(delta(before, after, "mosaic_orders_placed_total")).isEqualTo(2);
        assertThat(delta(before, after, "mosaic_orders_confirmed_total")).isEqualTo(1);
        assertThat(delta(before, after, "mosaic_orders_cancelled_total", "reason", "PAYMENT_DECLINED")).isEqualTo(1);
        assertThat(delta(before, after, "mosaic_orders_cancelled_total", "reason", "TIMEOUT")).isZero();
        assertThat(delta(before, after, "mosaic_orders_completion_seconds_count", "outcome", "confirmed")).isEqualTo(1);
        assertThat(delta(before, after, "mosaic_orders_completion_seconds_count", "outcome", "cancelled")).isEqualTo(1);
        // The HTTP side of the same calls: per route template and status, errors included.
        assertThat(delta(before, after, "mosaic_http_server_requests_seconds_count", "method", "POST", "route", "/orders",
                "status", "202")).isEqualTo(2);
        assertThat(delta(before, after, "mosaic_http_server_requests_seconds_count", "method", "POST", "route", "/orders",
                "status", "400")).isEqualTo(1);
        assertThat(after.count("mosaic_http_server_requests_seconds_count", "route", "/orders/{id}")).isPositive();
        // The gRPC reservation went through its circuit breaker, which reports its state.
        assertThat(after.value("ft_circuitbreaker_state_total_nanoseconds", "state", "closed",
                "method", "dev.mosaic.orders.client.InventoryGrpcReservations.reserve")).isPositive();
        assertThat(after.value("mosaic_events_consumer_lag", "topic", "payments.events")).isNotNaN();
    }

    @Test
    void aStockAnswerForAnOrderPastPendingIsSettledWithoutATransactionAndLeavesNoInboxRow() {
        String customer = customer();
        String id = placeAwaitingPayment(customer, "tok_ok");
        double settledBefore = Metrics.scrape(ServicePort.http()).count("mosaic_events_handled_total",
                "type", "dev.mosaic.stock.reserved.v1", "outcome", "settled");
        // inventory's event repeating the answer the placement already applied over gRPC
        CloudEvent repeated = CloudEvent.create("/test/saga", "dev.mosaic.stock.reserved.v1", id, "{\"orderId\":\"" + id + "\"}");

        HttpResponse<String> pushed = ServicePort.anonymous().push(repeated, "inventory.events");

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("SETTLED");
        assertThat(inboxRows(repeated.id())).as("a settled event is not recorded: it could change nothing").isZero();
        assertThat(Metrics.scrape(ServicePort.http()).count("mosaic_events_handled_total",
                "type", "dev.mosaic.stock.reserved.v1", "outcome", "settled")).isEqualTo(settledBefore + 1);
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("status")).isEqualTo("AWAITING_PAYMENT");

        // stock.committed after the confirmation, polled from the topic this time: settled too, and nothing moves.
        answer("payments.events", "dev.mosaic.payment.authorized.v1", id, "{\"orderId\":\"" + id + "\",\"paymentId\":\"p-s\"}");
        awaitStatus(customer, id, "CONFIRMED");
        CloudEvent committed = CloudEvent.create("/test/saga", "dev.mosaic.stock.committed.v1", id, "{\"orderId\":\"" + id + "\"}");
        TestKafka.publish("inventory.events", committed);
        await("stock.committed settled").atMost(WAIT).until(() -> Metrics.scrape(ServicePort.http()).count(
                "mosaic_events_handled_total", "type", "dev.mosaic.stock.committed.v1", "outcome", "settled") >= 1);
        assertThat(inboxRows(committed.id())).isZero();
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("status")).isEqualTo("CONFIRMED");
        ordersEvents.assertNoEvent("dev.mosaic.order.cancelled.v1", e -> id.equals(e.subject()), Duration.ofMillis(200));
    }

    @Test
    void aStockAnswerForAnOrderStillPendingIsHandledAndRecordedInTheInbox() {
        String customer = customer();
        HttpResponse<String> placed = placeWhileInventoryIsSlow(customer, "TEA-SEN-100", 1);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("status")).isEqualTo("PENDING");
        CloudEvent reserved = CloudEvent.create("/test/saga", "dev.mosaic.stock.reserved.v1", id, "{\"orderId\":\"" + id + "\"}");

        HttpResponse<String> pushed = ServicePort.anonymous().push(reserved, "inventory.events");

        assertThat(json(pushed.body()).getString("outcome")).as(pushed.body()).isEqualTo("HANDLED");
        assertThat(inboxRows(reserved.id())).isEqualTo(1);
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("status")).isEqualTo("AWAITING_PAYMENT");
        // Delivered again, it is found settled (the order has moved on) before the inbox is even asked.
        assertThat(json(ServicePort.anonymous().push(reserved, "inventory.events").body()).getString("outcome"))
                .isEqualTo("SETTLED");
        assertThat(json(http(customer).get("/orders/" + id).body()).getString("status")).isEqualTo("AWAITING_PAYMENT");
    }

    /** A one-line order placed while inventory takes 3 s to answer: longer than the reservation's deadline. */
    private static HttpResponse<String> placeWhileInventoryIsSlow(String customer, String sku, int quantity) {
        FakeDependencies.inventory.slowMillis = 3000;
        try {
            return place(customer, "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                    + "}],\"paymentToken\":\"tok_ok\"}", null);
        } finally {
            FakeDependencies.inventory.slowMillis = 0;
        }
    }

    private long inboxRows(String eventId) {
        var entities = entityManagers.createEntityManager();
        try {
            return ((Number) entities.createNativeQuery("select count(*) from mosaic_inbox where event_id = ?1")
                    .setParameter(1, eventId).getSingleResult()).longValue();
        } finally {
            entities.close();
        }
    }

    /** Placed and past the reservation, whether inventory answered at once or (slow to warm up) via the outbox. */
    private static String placeAwaitingPayment(String customer, String token) {
        HttpResponse<String> placed = place(customer,
                "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"" + token + "\"}", null);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        answer("inventory.events", "dev.mosaic.stock.reserved.v1", id, "{\"orderId\":\"" + id + "\"}");
        awaitStatus(customer, id, "AWAITING_PAYMENT");
        return id;
    }

    private static double delta(Metrics before, Metrics after, String name, String... labels) {
        return after.count(name, labels) - before.count(name, labels);
    }

    @Test
    void healthReportsDatabaseAndKafkaAndMetricsAndOpenApiAreServed() {
        Operability.assertOperable(ServicePort.http(), "/orders/{id}/cancel", "/orders");
    }

    @Test
    void withoutAVerifiedCustomerTokenNothingIsServed() {
        String alice = customer();
        String placed = placeOk(alice, "COF-ETH-250", 1, "tok_ok");
        String order = "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}";
        // An outsider who reaches the service port directly: no token, a bare identity header, a token of another issuer.
        String otherIssuer = "Bearer " + DevIssuer.loadOrCreate(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "mosaic-orders-it-stranger")).issue(alice, true, java.time.Duration.ofMinutes(5));
        for (Http outsider : List.of(ServicePort.anonymous(), ServicePort.anonymous().with("X-Customer-Id", alice),
                                     ServicePort.anonymous().with("Authorization", otherIssuer))) {
            problem(outsider.send("POST", "/orders", JSON, order), 401);
            problem(outsider.get("/orders"), 401);
            problem(outsider.get("/orders/" + placed), 401);
            // Following an order (a conditional read that may wait) is refused as quickly, before any wait.
            long asked = System.nanoTime();
            problem(outsider.with("If-None-Match", "\"1\"").with("Prefer", "wait=3").get("/orders/" + placed), 401);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - asked)).isLessThan(java.time.Duration.ofSeconds(2));
            problem(outsider.send("POST", "/orders/" + placed + "/cancel", null, null), 401);
        }
        assertThat(orders(alice)).hasSize(1);
    }

    @Test
    void aCustomerSeesOnlyTheirOwnOrdersNewestFirst() {
        String alice = customer();
        String bob = customer();
        String first = placeOk(alice, "COF-ETH-250", 1, "tok_ok");
        String second = placeOk(alice, "TEA-SEN-100", 1, "tok_ok");

        JsonArray mine = orders(alice);
        assertThat(mine.getJsonObject(0).getString("id")).isEqualTo(second);
        assertThat(mine.getJsonObject(1).getString("id")).isEqualTo(first);
        problem(http(bob).get("/orders/" + first), 404);
        problem(http(bob).send("POST", "/orders/" + first + "/cancel", null, null), 404);
        assertThat(orders(bob)).isEmpty();
        problem(http(alice).get("/orders/" + UUID.randomUUID()), 404);
    }

    /**
     * Regression: after a restart (nothing cached), listing a customer's orders loaded each order's lines and
     * timeline with queries of their own, each on a pooled connection held until the transaction ended; 15 orders
     * needed 30 of the pool's 10 connections, and every call to orders stalled behind the listing.
     */
    @Test
    void listingMoreOrdersThanThePoolHasConnectionsAnswersAtOnceFromAnEmptyCache() {
        String customer = customer();
        for (int i = 0; i < 15; i++) {
            placeOk(customer, "COF-ETH-250", 1, "tok_ok");
        }
        entityManagers.getCache().evictAll();

        Instant start = Instant.now();
        HttpResponse<String> r = http(customer).get("/orders?limit=200");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.createReader(new StringReader(r.body())).readArray()).hasSize(15);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        entityManagers.getCache().evictAll();
        HttpResponse<String> admin = ServicePort.http().with("Authorization", TestTokens.admin()).get("/admin/orders?limit=200");
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    }

    @Test
    void adminsSeeTheNewestOrdersWithTheirSagaTimeline() {
        String customer = customer();
        String confirmed = placeOk(customer, "COF-ETH-250", 1, "tok_ok");
        answer("payments.events", "dev.mosaic.payment.authorized.v1", confirmed,
               "{\"orderId\":\"" + confirmed + "\",\"paymentId\":\"p-9\"}");
        awaitStatus(customer, confirmed, "CONFIRMED");
        String cancelled = placeOk(customer, "TEA-SEN-100", 1, "tok_ok");
        assertThat(http(customer).send("POST", "/orders/" + cancelled + "/cancel", null, null).statusCode()).isEqualTo(202);

        HttpResponse<String> response = ServicePort.http().with("Authorization", TestTokens.admin()).get("/admin/orders?limit=200");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonArray all = Json.createReader(new StringReader(response.body())).readArray();
        JsonObject newest = all.getJsonObject(0);
        assertThat(newest.getString("id")).as("newest first").isEqualTo(cancelled);
        assertThat(newest.getString("customerId")).isEqualTo(customer);
        assertThat(timeline(newest)).containsExactly("PENDING", "AWAITING_PAYMENT", "CANCELLED CUSTOMER_CANCELLED");
        JsonObject first = all.stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(confirmed)).findFirst().orElseThrow();
        assertThat(timeline(first)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED");
        List<Instant> times = first.getJsonArray("timeline").stream()
                .map(t -> Instant.parse(((JsonObject) t).getString("at"))).toList();
        assertThat(times).isSorted();
        // The database keeps microseconds; a cached order may still hold nanoseconds.
        assertThat(times.getFirst()).isCloseTo(Instant.parse(first.getString("createdAt")), within(1, ChronoUnit.MILLIS));
        assertThat(times.getLast()).isCloseTo(Instant.parse(first.getString("updatedAt")), within(1, ChronoUnit.MILLIS));
    }

    @Test
    void everyonesOrdersAreForAdminsOnly() {
        problem(ServicePort.anonymous().get("/admin/orders"), 401);
        problem(http(customer()).get("/admin/orders"), 403);
        problem(ServicePort.http().with("Authorization", TestTokens.admin()).get("/admin/orders?limit=0"), 400);
    }

    private static List<String> timeline(JsonObject order) {
        return order.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .map(t -> (t.getString("status") + " " + t.getString("reason", "")).strip()).toList();
    }

    private static String placeOk(String customer, String sku, int quantity, String token) {
        HttpResponse<String> placed = place(customer,
                "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + token + "\"}", null);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(json(placed.body()).getString("status")).isEqualTo("AWAITING_PAYMENT");
        return json(placed.body()).getString("id");
    }

    private static HttpResponse<String> place(String customer, String body, String key) {
        return key == null
                ? http(customer).send("POST", "/orders", JSON, body)
                : http(customer).send("POST", "/orders", JSON, body, Map.of("Idempotency-Key", key));
    }

    private static void answer(String topic, String type, String orderId, String data) {
        TestKafka.publish(topic, CloudEvent.create("/test/saga", type, orderId, data));
    }

    private static void awaitStatus(String customer, String id, String status) {
        awaitStatus(customer, id, status, WAIT);
    }

    private static void awaitStatus(String customer, String id, String status, Duration within) {
        await("order " + id + " " + status).atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(json(http(customer).get("/orders/" + id).body()).getString("status")));
    }

    private static JsonArray orders(String customer) {
        HttpResponse<String> r = http(customer).get("/orders");
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private static JsonObject problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception");
        return json(response.body());
    }

    private static Http http(String customer) {
        return ServicePort.http().with("Authorization", TestTokens.customer(customer));
    }

    private static String customer() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
