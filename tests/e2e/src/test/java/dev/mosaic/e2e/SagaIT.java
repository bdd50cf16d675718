package dev.mosaic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The order saga end to end: every service its own process started by {@code ./mosaic}, every call through the
 * gateway (admin and inspection calls go to a service's own port). Checks the invariants in docs/invariants.md:
 * every accepted order ends CONFIRMED or CANCELLED, stock is conserved, a confirmed order has one charge and a
 * cancelled one none, and duplicates change nothing. Ports shifted by 21000.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaIT {

    private static final List<String> SERVICES = List.of("catalog", "inventory", "orders", "payments", "notifications");
    // Every process of the stack exports its spans here (OTLP/HTTP), as it would to a real collector.
    private static final OtlpCollector COLLECTOR = new OtlpCollector();
    private static final MosaicStack STACK = new MosaicStack("saga", 21000, environment());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration SAGA = Duration.ofSeconds(60);
    private static final String CUSTOMER = "customer-1";
    private static final List<String> TOPICS = List.of("orders.events", "inventory.commands", "inventory.events",
            "payments.commands", "payments.events", "catalog.events");

    @BeforeAll
    static void startTheStack() {
        MosaicStack.assumeWholeStackBuilt("the saga end-to-end tests");
        STACK.clean();
        STACK.ok("up", "--detach");
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(databases());
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", COLLECTOR.endpoint());
        // Batches leave every 200 ms rather than every 5 s, so the trace test waits less.
        env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
        return env;
    }

    /**
     * H2 files by default. With {@code MOSAIC_TEST_PG_URL} (as for every other database test), each service gets
     * a fresh PostgreSQL database {@code mosaic_e2e_<service>} on that server instead.
     */
    private static Map<String, String> databases() {
        String admin = System.getenv("MOSAIC_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            return Map.of();
        }
        Map<String, String> env = new HashMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin, "postgres", "");
             java.sql.Statement s = c.createStatement()) {
            for (String service : SERVICES) {
                String db = "mosaic_e2e_" + service;
                s.execute("drop database if exists " + db + " with (force)");
                s.execute("create database " + db);
                String suffix = service.toUpperCase(java.util.Locale.ROOT);
                env.put("MOSAIC_DB_URL_" + suffix, admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + db));
                env.put("MOSAIC_DB_USER_" + suffix, "postgres");
                // Trust authentication ignores it; MicroProfile Config would read an empty value as missing.
                env.put("MOSAIC_DB_PASSWORD_" + suffix, "postgres");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot prepare the saga's PostgreSQL databases at " + admin + ": " + e.getMessage(), e);
        }
        System.out.println("[mosaic-test] SagaIT runs every service on postgresql at " + admin);
        return env;
    }

    @AfterAll
    static void stopTheStack() {
        try {
            STACK.downAndKillLeftovers();
        } finally {
            COLLECTOR.close();
        }
    }

    @Test
    @Order(0)
    void noServiceStartsWithAWarningThatAsksNothingOfAnyone() throws Exception {
        // Helidon 4.1.6 warned at every start that the histogram buckets were "not in strictly increasing order" (its
        // check compares the first value with nothing): a WARN that nobody can act on teaches readers to skip WARNs.
        for (String service : SERVICES) {
            List<String> spurious = java.nio.file.Files.readAllLines(STACK.home().resolve("logs").resolve(service + ".log"))
                    .stream().filter(l -> l.contains("\"level\":\"WARN") && l.contains("strictly increasing order")).toList();
            assertThat(spurious).as(service + "'s log").isEmpty();
        }
    }

    @Test
    @Order(1)
    void paidOrderIsConfirmedCommitsItsStockAndChargesOnce() {
        Stock before = stock("COF-BRA-1K");

        JsonObject accepted = place(List.of(line("COF-BRA-1K", 2)), "tok_ok", null);
        JsonObject order = awaitFinal(accepted.getString("id"));

        assertThat(order.getString("status")).isEqualTo("CONFIRMED");
        assertThat(order.getJsonObject("total").getInt("amount")).isEqualTo(2 * 2990);
        // inventory commits on order.confirmed, a moment after the order is confirmed.
        awaitStock("COF-BRA-1K", new Stock(before.available() - 2, before.reserved(), before.committed() + 2));
        JsonObject payment = payment(order.getString("id"));
        assertThat(payment.getString("status")).isEqualTo("AUTHORIZED");
        assertThat(payment.getJsonObject("amount").getInt("amount")).isEqualTo(2 * 2990);
        awaitNotification(order.getString("id"), "confirmed");

        // A follower names the version it has and waits for the next: through the gateway, an order that no longer
        // changes answers 304 once the wait is over, with its tag, and says the wait was granted.
        HttpResponse<String> read = get(gateway("/api/orders/" + order.getString("id")));
        String etag = read.headers().firstValue("ETag").orElseThrow();
        long asked = System.nanoTime();
        HttpResponse<String> waited = send(HttpRequest.newBuilder(URI.create(gateway("/api/orders/" + order.getString("id"))))
                .timeout(Duration.ofSeconds(10)).header("If-None-Match", etag).header("Prefer", "wait=1").GET());
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(304);
        assertThat(waited.headers().firstValue("ETag")).hasValue(etag);
        assertThat(waited.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @Order(2)
    void oneOrderCanBeFollowedThroughEveryServicesLogsWithOneCommand() {
        String requestId = "e2e-story-" + UUID.randomUUID();
        HttpResponse<String> placed = send(HttpRequest.newBuilder(URI.create(gateway("/api/orders")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[" + line("COF-BRA-1K", 1) + "],\"paymentToken\":\"tok_ok\"}")));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CONFIRMED");
        awaitNotification(id, "confirmed");

        // inventory commits on order.confirmed a moment after CONFIRMED: wait until every service has told its part.
        List<String> tellers = List.of("gateway", "orders", "inventory", "payments", "notifications");
        Map<String, List<JsonObject>> story = new HashMap<>();
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "every service logs order " + id, () -> {
            story.clear();
            story.putAll(storyOf(id));
            return story.keySet().containsAll(tellers);
        });

        JsonObject placement = story.get("gateway").stream()
                .filter(l -> l.getString("message", "").startsWith("POST /api/orders ")).findFirst()
                .orElseThrow(() -> new AssertionError("no access line of the placement in " + story.get("gateway")));
        assertThat(placement.getString("requestId")).isEqualTo(requestId);
        assertThat(placement.getString("subject")).isEqualTo(id);
        String traceId = placement.getString("traceId");
        for (String teller : tellers) {
            List<JsonObject> lines = story.get(teller);
            assertThat(lines).as(teller + "'s lines about " + id).allSatisfy(l -> {
                assertThat(l.getString("timestamp")).isNotBlank();
                assertThat(l.getString("level")).isNotBlank();
            });
            // HTTP, the gRPC reservation (ids in the message) and every event carry the placement's ids.
            assertThat(lines).as(teller + " continues the placement's trace and request id")
                    .anySatisfy(l -> {
                        assertThat(l.getString("subject")).isEqualTo(id);
                        assertThat(l.getString("traceId")).isEqualTo(traceId);
                        assertThat(l.getString("requestId")).isEqualTo(requestId);
                    });
        }
        assertThat(story.get("orders")).as("the saga's steps").anySatisfy(l ->
                assertThat(l.getString("message")).contains("-> CONFIRMED"));
    }

    @Test
    @Order(3)
    void oneOrderIsOneTraceAcrossHttpGrpcAndKafkaAndItsLogsNameItsSpans() {
        HexFormat hex = HexFormat.of();
        java.util.Random random = new java.util.Random();
        String traceId = hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong());
        String callerSpan = hex.toHexDigits(random.nextLong() | 1);
        HttpResponse<String> placed = send(HttpRequest.newBuilder(URI.create(gateway("/api/orders")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[" + line("COF-BRA-1K", 1) + "],\"paymentToken\":\"tok_ok\"}")));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String id = json(placed.body()).getString("id");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CONFIRMED");
        awaitNotification(id, "confirmed");

        // Every hop's spans: the gateway's, orders' (HTTP in, gRPC out, events out and in), inventory's gRPC server
        // span, and a consumer span in every service an event of the order reached. Export is batched: wait until
        // the trace holds them all and every span's parent is in it (but the first, whose parent is the caller's).
        List<OtlpCollector.Received> trace = new ArrayList<>();
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the trace of order " + id + " complete at the collector", () -> {
            trace.clear();
            trace.addAll(COLLECTOR.trace(traceId));
            Set<String> ids = trace.stream().map(OtlpCollector.Received::spanId).collect(Collectors.toSet());
            Set<String> services = trace.stream().map(OtlpCollector.Received::service).collect(Collectors.toSet());
            return services.containsAll(List.of("gateway", "orders", "inventory", "payments", "notifications"))
                    && trace.stream().filter(sp -> !sp.parentSpanId().equals(callerSpan)).allMatch(sp -> ids.contains(sp.parentSpanId()))
                    && trace.stream().filter(sp -> sp.kind() == Span.SpanKind.SPAN_KIND_PRODUCER).count() >= 3;
        });
        System.out.println("[mosaic-test] the trace of order " + id + ":\n" + tree(trace, callerSpan, ""));
        assertThat(COLLECTOR.refused()).as("every export was OTLP/HTTP protobuf to /v1/traces").isEmpty();
        Map<String, OtlpCollector.Received> byId = trace.stream()
                .collect(Collectors.toMap(OtlpCollector.Received::spanId, sp -> sp, (a, b) -> a));

        OtlpCollector.Received edge = only(trace, sp -> sp.parentSpanId().equals(callerSpan), "the span under the caller's");
        assertThat(edge.service()).isEqualTo("gateway");
        assertThat(edge.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(edge.name()).isEqualTo("POST /api/orders");
        assertThat(edge.attributes()).containsEntry("http.status_code", "202");

        OtlpCollector.Received ordersIn = only(trace, sp -> sp.service().equals("orders")
                && sp.kind() == Span.SpanKind.SPAN_KIND_SERVER && sp.name().startsWith("POST"), "orders' placement span");
        OtlpCollector.Received proxied = byId.get(ordersIn.parentSpanId());
        assertThat(proxied.service()).as("orders' HTTP span is under the gateway's call to it").isEqualTo("gateway");
        assertThat(proxied.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(proxied.parentSpanId()).isEqualTo(edge.spanId());

        OtlpCollector.Received reserveIn = only(trace, sp -> sp.service().equals("inventory")
                && sp.kind() == Span.SpanKind.SPAN_KIND_SERVER && sp.name().endsWith("/Reserve"), "inventory's gRPC span");
        OtlpCollector.Received reserveOut = byId.get(reserveIn.parentSpanId());
        assertThat(reserveOut.service()).as("the gRPC server span is under orders' client span").isEqualTo("orders");
        assertThat(reserveOut.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(reserveOut.name()).isEqualTo(reserveIn.name());

        List<OtlpCollector.Received> consumed = trace.stream().filter(sp -> sp.kind() == Span.SpanKind.SPAN_KIND_CONSUMER).toList();
        assertThat(consumed.stream().map(OtlpCollector.Received::service).collect(Collectors.toSet()))
                .as("services that handled an event of the order").contains("orders", "payments", "notifications");
        assertThat(consumed).as("every consumer span is under the producer span that published its event")
                .allSatisfy(sp -> {
                    OtlpCollector.Received publisher = byId.get(sp.parentSpanId());
                    assertThat(publisher.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
                    assertThat(publisher.attributes()).containsKey("messaging.destination.name");
                });
        assertThat(trace).as("no hop of a confirmed order failed").noneMatch(OtlpCollector.Received::error);

        // Logs and traces agree: each service's lines about the order name spans that were exported from it.
        Map<String, List<JsonObject>> story = storyOf(id);
        for (String teller : List.of("gateway", "orders", "inventory", "payments", "notifications")) {
            assertThat(story.getOrDefault(teller, List.of())).as(teller + "'s lines about " + id + " name its exported spans")
                    .anySatisfy(l -> {
                        assertThat(l.getString("traceId")).isEqualTo(traceId);
                        OtlpCollector.Received span = byId.get(l.getString("spanId", ""));
                        assertThat(span).isNotNull();
                        assertThat(span.service()).isEqualTo(teller);
                    });
        }
    }

    /** The spans under {@code parent}, one per line, indented by depth: what a trace viewer would draw. */
    private static String tree(List<OtlpCollector.Received> trace, String parent, String indent) {
        StringBuilder out = new StringBuilder();
        trace.stream().filter(sp -> sp.parentSpanId().equals(parent)).forEach(sp -> out
                .append(indent).append(sp.service()).append(' ').append(sp.kind().name().replace("SPAN_KIND_", ""))
                .append(' ').append(sp.name()).append('\n')
                .append(tree(trace, sp.spanId(), indent + "  ")));
        return out.toString();
    }

    private static OtlpCollector.Received only(List<OtlpCollector.Received> trace,
                                               java.util.function.Predicate<OtlpCollector.Received> which, String what) {
        List<OtlpCollector.Received> found = trace.stream().filter(which).toList();
        assertThat(found).as(what + " in " + trace).hasSize(1);
        return found.getFirst();
    }

    /** {@code ./mosaic logs --order <id>}, parsed: each process's JSON lines, in the order printed. */
    private static Map<String, List<JsonObject>> storyOf(String orderId) {
        Map<String, List<JsonObject>> story = new HashMap<>();
        for (String printed : STACK.ok("logs", "--order", orderId).output().lines().toList()) {
            int bar = printed.indexOf(" | ");
            if (bar < 0 || !printed.substring(bar + 3).startsWith("{")) {
                continue;
            }
            story.computeIfAbsent(printed.substring(0, bar).strip(), k -> new ArrayList<>())
                    .add(json(printed.substring(bar + 3)));
        }
        return story;
    }

    @Test
    @Order(2)
    void declinedPaymentCancelsTheOrderAndGivesTheStockBack() {
        Stock before = stock("TEA-ASS-250");

        JsonObject order = awaitFinal(place(List.of(line("TEA-ASS-250", 3)), "tok_decline", null).getString("id"));

        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        assertThat(order.getString("reason")).isEqualTo("PAYMENT_DECLINED");
        awaitStock("TEA-ASS-250", before);
        assertThat(payment(order.getString("id")).getString("status")).isEqualTo("DECLINED");
    }

    @Test
    @Order(3)
    void outOfStockOrderIsCancelledAndNothingIsCharged() {
        setStock("BOK-ROA-01", 1);

        JsonObject order = awaitFinal(place(List.of(line("BOK-ROA-01", 2)), "tok_ok", null).getString("id"));

        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        assertThat(order.getString("reason")).isEqualTo("OUT_OF_STOCK");
        assertThat(get(STACK.url(8084, "/payments/" + order.getString("id"))).statusCode()).isEqualTo(404);
        assertThat(stock("BOK-ROA-01")).isEqualTo(new Stock(1, 0, 0));
    }

    @Test
    @Order(4)
    void theSameIdempotencyKeyTwiceIsOneOrder() {
        String key = "e2e-" + UUID.randomUUID();

        JsonObject first = place(List.of(line("TEA-EGR-100", 1)), "tok_ok", key);
        JsonObject second = place(List.of(line("TEA-EGR-100", 1)), "tok_ok", key);

        assertThat(second.getString("id")).isEqualTo(first.getString("id"));
        assertThat(awaitFinal(first.getString("id")).getString("status")).isEqualTo("CONFIRMED");
        assertThat(myOrders().stream().filter(o -> o.getString("id").equals(first.getString("id")))).hasSize(1);
    }

    @Test
    @Order(5)
    void cancelBeforeConfirmationReleasesTheStockAndChargesNothing() {
        Stock before = stock("MUG-STN-350");
        STACK.ok("kill", "payments");
        String id;
        try {
            id = place(List.of(line("MUG-STN-350", 2)), "tok_ok", null).getString("id");
            awaitStatus(id, "AWAITING_PAYMENT");

            HttpResponse<String> cancel = send("POST", gateway("/api/orders/" + id + "/cancel"), null);
            assertThat(cancel.statusCode()).isEqualTo(202);
        } finally {
            STACK.ok("start", "payments");
        }
        assertThat(awaitFinal(id).getString("reason")).isEqualTo("CUSTOMER_CANCELLED");
        awaitStock("MUG-STN-350", before);
        // The authorization that was queued meanwhile is voided or refunded: no net charge.
        String orderId = id;
        MosaicStack.awaitWithin(SAGA, "no net charge for " + id, () -> noNetCharge(orderId));
    }

    @Test
    @Order(6)
    void cancelAfterConfirmationRefundsAndRestocks() {
        Stock before = stock("KIT-PRS-8");
        String id = place(List.of(line("KIT-PRS-8", 1)), "tok_ok", null).getString("id");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CONFIRMED");

        assertThat(send("POST", gateway("/api/orders/" + id + "/cancel"), null).statusCode()).isEqualTo(202);

        assertThat(order(id).getString("status")).isEqualTo("CANCELLED");
        MosaicStack.awaitWithin(SAGA, "refund of " + id, () -> "REFUNDED".equals(payment(id).getString("status")));
        awaitStock("KIT-PRS-8", before);
    }

    @Test
    @Order(7)
    void anOrderPlacedWhileInventoryIsDownIsAcceptedAndConfirmedWhenItReturns() {
        STACK.ok("kill", "inventory");
        String id;
        try {
            JsonObject accepted = place(List.of(line("TEA-ROO-100", 1)), "tok_ok", null);
            id = accepted.getString("id");
            assertThat(accepted.getString("status")).isEqualTo("PENDING");
        } finally {
            STACK.ok("start", "inventory");
        }
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CONFIRMED");
    }

    @Test
    @Order(8)
    void ordersWaitWhilePaymentsIsDownAndCompleteWhenItReturns() {
        STACK.ok("kill", "payments");
        String id;
        try {
            id = place(List.of(line("CUP-ESP-2", 1)), "tok_ok", null).getString("id");
            awaitStatus(id, "AWAITING_PAYMENT");
        } finally {
            STACK.ok("start", "payments");
        }
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CONFIRMED");
        assertThat(payment(id).getString("status")).isEqualTo("AUTHORIZED");
    }

    @Test
    @Order(9)
    void killingOrdersMidWayLosesNoOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(place(List.of(line("OUT-MUG-TI", 1)), i % 2 == 0 ? "tok_ok" : "tok_decline", null).getString("id"));
        }
        STACK.ok("kill", "orders");
        STACK.ok("start", "orders");

        for (String id : ids) {
            assertThat(awaitFinal(id).getString("status")).isIn("CONFIRMED", "CANCELLED");
        }
        assertThat(stock("OUT-MUG-TI").reserved()).isZero();
    }

    @Test
    @Order(10)
    void manyOrdersRacingForTheLastUnitsNeverOversell() throws Exception {
        setStock("GFT-BOX-CF", 5);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<JsonObject>> placed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            placed.add(pool.submit(() -> placeAsAPatientClient(List.of(line("GFT-BOX-CF", 1)), "tok_ok")));
        }
        List<String> ids = new ArrayList<>();
        for (Future<JsonObject> f : placed) {
            ids.add(f.get(60, TimeUnit.SECONDS).getString("id"));
        }
        pool.shutdown();

        Map<String, Integer> outcomes = new HashMap<>();
        for (String id : ids) {
            JsonObject order = awaitFinal(id);
            outcomes.merge(order.getString("status") + (order.containsKey("reason") ? "/" + order.getString("reason") : ""), 1, Integer::sum);
        }
        assertThat(outcomes).containsEntry("CONFIRMED", 5).containsEntry("CANCELLED/OUT_OF_STOCK", 15);
        assertThat(stock("GFT-BOX-CF")).isEqualTo(new Stock(0, 0, 5));
    }

    @Test
    @Order(11)
    void everyMessageDeliveredAgainOnEveryTopicChangesNothing() {
        awaitConsumersCaughtUp();
        Map<String, Stock> stockBefore = new HashMap<>();
        for (String sku : List.of("COF-BRA-1K", "TEA-ASS-250", "MUG-STN-350", "KIT-PRS-8", "GFT-BOX-CF", "OUT-MUG-TI")) {
            stockBefore.put(sku, stock(sku));
        }
        List<JsonObject> ordersBefore = myOrders();
        Map<String, String> paymentsBefore = new HashMap<>();
        ordersBefore.forEach(o -> paymentsBefore.put(o.getString("id"), paymentStatus(o.getString("id"))));
        int notificationsBefore = notifications().size();

        int republished = republishEverything();

        assertThat(republished).isGreaterThan(50);
        awaitConsumersCaughtUp();
        stockBefore.forEach((sku, stock) -> assertThat(stock(sku)).as(sku).isEqualTo(stock));
        List<JsonObject> ordersAfter = myOrders();
        assertThat(ordersAfter).hasSameSizeAs(ordersBefore);
        for (JsonObject o : ordersBefore) {
            assertThat(order(o.getString("id")).getString("status")).isEqualTo(o.getString("status"));
            assertThat(paymentStatus(o.getString("id"))).isEqualTo(paymentsBefore.get(o.getString("id")));
        }
        assertThat(notifications()).hasSize(notificationsBefore);
    }

    /**
     * After the saga scenarios drove every kind of order through the system: each metric a dashboard panel, a
     * dashboard variable or a Prometheus rule in observability/ queries is exposed on some service's /metrics
     * (or recorded by a rule), so no panel is blank and no alert is blind because of a misspelt or missing meter.
     */
    @Test
    @Order(12)
    void everyMetricTheDashboardsAndAlertsQueryIsExposedByARunningService() {
        ObservabilityQueries queries = ObservabilityQueries.of(MosaicStack.REPO.resolve("observability"));
        Set<String> exposed = new TreeSet<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        int port = 8081;
        for (String service : SERVICES) {
            ports.put(service, port++);
        }
        // The gateway serves /metrics on its metrics listener only (8090 plus the offset), not on its public port.
        ports.put("gateway", 8090);
        for (Map.Entry<String, Integer> scraped : ports.entrySet()) {
            String service = scraped.getKey();
            HttpResponse<String> metrics = get(STACK.url(scraped.getValue(), "/metrics"));
            assertThat(metrics.statusCode()).as(service + " /metrics").isEqualTo(200);
            metrics.body().lines().forEach(line -> {
                if (line.startsWith("# TYPE ")) {
                    exposed.add(line.split(" ")[2]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    exposed.add(line.split("[{ ]", 2)[0]);
                }
            });
        }
        assertThat(exposed).as("the services' and the gateway's meters").contains("mosaic_orders_placed_total",
                "mosaic_outbox_backlog", "mosaic_gateway_circuit_breaker_state");

        Map<String, Set<String>> missing = new TreeMap<>(queries.references());
        missing.keySet().removeIf(name -> name.contains(":") ? queries.recorded().contains(name) : exposed.contains(name));

        assertThat(missing).as("metrics that observability/ queries but no service exposes (name=[where]); "
                + "exposed: " + exposed).isEmpty();
    }

    // ---- the invariants, as checks

    private static boolean noNetCharge(String orderId) {
        HttpResponse<String> r = get(STACK.url(8084, "/payments/" + orderId));
        if (r.statusCode() == 404) {
            return true;
        }
        String status = json(r.body()).getString("status");
        return status.equals("VOIDED") || status.equals("REFUNDED") || status.equals("DECLINED");
    }

    // ---- calls through the gateway

    private static JsonObject place(List<String> lines, String token, String idempotencyKey) {
        HttpResponse<String> response = send(placement(lines, token, idempotencyKey));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body());
    }

    /**
     * A placement as a well-behaved client makes it under load: with an idempotency key, and again after
     * {@code Retry-After} (1 s) while orders answers 503 because every place it admits is taken, so a retry can never
     * place a second order.
     */
    private static JsonObject placeAsAPatientClient(List<String> lines, String token) {
        String key = "patient-" + UUID.randomUUID();
        AtomicReference<JsonObject> accepted = new AtomicReference<>();
        await("a placement admitted").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    HttpResponse<String> response = send(placement(lines, token, key));
                    if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                        return false;
                    }
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    accepted.set(json(response.body()));
                    return true;
                });
        return accepted.get();
    }

    private static HttpRequest.Builder placement(List<String> lines, String token, String idempotencyKey) {
        String body = "{\"lines\":[" + String.join(",", lines) + "],\"paymentToken\":\"" + token + "\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway("/api/orders")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    private static String line(String sku, int quantity) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }

    private static JsonObject order(String id) {
        HttpResponse<String> r = get(gateway("/api/orders/" + id));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static List<JsonObject> myOrders() {
        // Listing 200 orders (lines and timelines) can outlast the gateway's 5 s route timeout while orders digests a
        // replay of every topic: a 503 then means "busy", so ask again until a deadline.
        HttpResponse<String> r = get(gateway("/api/orders?limit=200"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (r.statusCode() == 503 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
            r = get(gateway("/api/orders?limit=200"));
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readArray().stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonArray notifications() {
        HttpResponse<String> r = get(gateway("/api/notifications?limit=200"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private static void awaitNotification(String orderId, String text) {
        MosaicStack.awaitWithin(SAGA, "a notification about " + orderId, () -> notifications().stream()
                .map(JsonValue::asJsonObject)
                .anyMatch(n -> orderId.equals(n.getString("orderId", null)) && n.getString("message").contains(text)));
    }

    private static JsonObject awaitFinal(String id) {
        JsonObject[] last = new JsonObject[1];
        MosaicStack.awaitWithin(SAGA, "order " + id + " reaches CONFIRMED or CANCELLED", () -> {
            last[0] = order(id);
            return last[0].getString("status").equals("CONFIRMED") || last[0].getString("status").equals("CANCELLED");
        });
        return last[0];
    }

    private static void awaitStatus(String id, String status) {
        MosaicStack.awaitWithin(SAGA, "order " + id + " " + status, () -> order(id).getString("status").equals(status));
    }

    // ---- inspection and admin calls on the services' own ports

    record Stock(int available, int reserved, int committed) {
        int total() {
            return available + reserved + committed;
        }
    }

    private static Stock stock(String sku) {
        HttpResponse<String> r = asAdmin(STACK.url(8082, "/admin/stock/" + sku));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject s = json(r.body());
        return new Stock(s.getInt("available"), s.getInt("reserved"), s.getInt("committed"));
    }

    private static void awaitStock(String sku, Stock expected) {
        MosaicStack.awaitWithin(SAGA, "stock of " + sku + " back to " + expected, () -> stock(sku).equals(expected));
    }

    private static void setStock(String sku, int available) {
        HttpResponse<String> r = sendAs(HttpRequest.newBuilder(URI.create(STACK.url(8082, "/admin/stock/" + sku)))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"available\":" + available + "}")), STACK.bearer("saga-admin", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static JsonObject payment(String orderId) {
        HttpResponse<String> r = asAdmin(STACK.url(8084, "/payments/" + orderId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static String paymentStatus(String orderId) {
        HttpResponse<String> r = asAdmin(STACK.url(8084, "/payments/" + orderId));
        return r.statusCode() == 404 ? "NONE" : json(r.body()).getString("status");
    }

    // ---- the broker

    /** Publishes every record of every saga topic once more, headers and keys unchanged: a redelivery storm. */
    private static int republishEverything() {
        Properties c = kafka();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-replay-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Properties p = kafka();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
             Admin admin = Admin.create(kafka())) {
            Map<TopicPartition, Long> ends = endOffsets(admin, TOPICS);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read the saga topics to their end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
                        count++;
                    }
                }
            }
            producer.flush();
        }
        return count;
    }

    /** Waits until every service's consumer group has consumed everything published so far. */
    private static void awaitConsumersCaughtUp() {
        try (Admin admin = Admin.create(kafka())) {
            MosaicStack.awaitWithin(SAGA, "every consumer group caught up", () -> {
                try {
                    Map<TopicPartition, Long> ends = endOffsets(admin, TOPICS);
                    for (String group : List.of("inventory", "orders", "payments", "notifications")) {
                        Map<TopicPartition, OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                        for (var entry : committed.entrySet()) {
                            long end = ends.getOrDefault(entry.getKey(), 0L);
                            if (entry.getValue() == null || entry.getValue().offset() < end) {
                                return false;
                            }
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new AssertionError("Cannot read end offsets of " + topics + ": " + e, e);
        }
    }

    private static Properties kafka() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + STACK.port(9092));
        return props;
    }

    // ---- HTTP

    private static String gateway(String path) {
        return STACK.url(8080, path);
    }

    private static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    private static HttpResponse<String> send(String method, String url, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        // Every call acts as one customer, but for the checks on services' admin endpoints (asAdmin).
        return sendAs(request, STACK.bearer(CUSTOMER, false));
    }

    /** A GET to a service's own admin or inspection endpoint, as an admin: the service checks the role itself. */
    private static HttpResponse<String> asAdmin(String url) {
        return sendAs(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET(), STACK.bearer("saga-admin", true));
    }

    private static HttpResponse<String> sendAs(HttpRequest.Builder request, String bearer) {
        request.header("Authorization", bearer);
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            // The suite is one customer checking many orders at once: it may outrun the gateway's per-client rate,
            // and then behaves as a client should: waits as told and asks again.
            for (int attempt = 0; response.statusCode() == 429 && attempt < 20; attempt++) {
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                pause(Duration.ofSeconds(Math.min(Math.max(wait, 1), 5)));
                response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            }
            return response;
        } catch (java.io.IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
