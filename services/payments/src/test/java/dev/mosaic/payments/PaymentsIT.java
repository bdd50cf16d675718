package dev.mosaic.payments;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mosaic.payments.messaging.PaymentCommands;
import dev.mosaic.payments.messaging.OutboxPaymentEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.EventContracts;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.Operability;
import dev.mosaic.testing.ProducedEvents;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
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
import static org.awaitility.Awaitility.await;

/**
 * Payments as the saga sees it: commands in on {@code payments.commands} (Kafka poll or HTTP push), outcomes out
 * on {@code payments.events}, one payment per order whatever arrives twice, on a real broker and database.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.events.delivery", value = "poll,push")
@AddConfig(key = "mosaic.events.push.senders.payments.commands", value = "eventing-payments.commands")
class PaymentsIT {

    private static final String COMMANDS = "payments.commands";
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TopicProbe events;
    @RegisterExtension
    static final ProducedEvents CONTRACTS = new ProducedEvents(OutboxPaymentEvents.SOURCE, List.of(OutboxPaymentEvents.AUTHORIZED,
            OutboxPaymentEvents.DECLINED, OutboxPaymentEvents.REFUNDED), OutboxPaymentEvents.TOPIC);

    @BeforeAll
    static void subscribe() {
        events = new TopicProbe(TestKafka.bootstrapServers(), OutboxPaymentEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void everyConsumedTypeHasASchema() {
        EventContracts.ofRepository().assertHandledTypesHaveSchemas();
    }

    @Test
    void goodCardIsAuthorizedAndTheOutcomeAnnounced() {
        String order = newOrder();

        TestKafka.publish(COMMANDS, authorize(order, "cust-ok", 2580, "tok_ok"));

        JsonObject payment = awaitPayment(order, "AUTHORIZED");
        assertThat(payment.getString("customerId")).isEqualTo("cust-ok");
        assertThat(payment.getJsonObject("amount").getInt("amount")).isEqualTo(2580);
        assertThat(payment.getJsonObject("amount").getString("currency")).isEqualTo("EUR");
        assertThat(payment.getString("paymentId")).isNotBlank();
        assertThat(payment.containsKey("reason")).isFalse();
        assertThat(payment.getString("createdAt")).isNotBlank();
        assertThat(payment.getString("updatedAt")).isNotBlank();
        CloudEvent event = events.awaitEvent(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()), WAIT);
        assertThat(event.source()).isEqualTo("/mosaic/payments");
        assertThat(event.extensions()).containsKeys("correlationid", "traceparent");
        JsonObject data = json(event.dataAsString());
        assertThat(data.getString("orderId")).isEqualTo(order);
        assertThat(data.getString("customerId")).isEqualTo("cust-ok");
        assertThat(data.getString("paymentId")).isEqualTo(payment.getString("paymentId"));
        assertThat(data.getJsonObject("amount")).isEqualTo(json("{\"amount\":2580,\"currency\":\"EUR\"}"));
    }

    @Test
    void authorizePushedOverHttpIsHandledBeforeTheAnswer() {
        String order = newOrder();

        HttpResponse<String> pushed = push(authorize(order, "cust-push", 990, "tok_ok"));

        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(ok(http().get("/payments/" + order)).getString("status")).isEqualTo("AUTHORIZED");
        events.awaitEvent(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()), WAIT);
    }

    @Test
    void authorizedDeclinedAndRefundedPaymentsAreCountedOncePerPayment() {
        Metrics before = Metrics.scrape(http());
        String paid = newOrder();
        String declined = newOrder();

        TestKafka.publish(COMMANDS, authorize(paid, "cust-meters", 1000, "tok_ok"));
        TestKafka.publish(COMMANDS, authorize(declined, "cust-meters", 1000, "tok_decline"));
        awaitPayment(paid, "AUTHORIZED");
        awaitPayment(declined, "DECLINED");
        // Asked again: answered from the stored payment, counted nothing.
        TestKafka.publish(COMMANDS, authorize(paid, "cust-meters", 1000, "tok_ok"));
        TestKafka.publish(COMMANDS, refund(paid, "cust-meters", "CUSTOMER_CANCELLED"));
        awaitPayment(paid, "REFUNDED");

        Metrics after = Metrics.scrape(http());
        assertThat(after.count("mosaic_payments_authorized_total") - before.count("mosaic_payments_authorized_total")).isEqualTo(1);
        assertThat(after.count("mosaic_payments_declined_total", "reason", "CARD_DECLINED")
                - before.count("mosaic_payments_declined_total", "reason", "CARD_DECLINED")).isEqualTo(1);
        assertThat(after.count("mosaic_payments_refunded_total") - before.count("mosaic_payments_refunded_total")).isEqualTo(1);
    }

    @Test
    void declinedCardIsDeclinedAndNothingIsCharged() {
        String order = newOrder();

        TestKafka.publish(COMMANDS, authorize(order, "cust-decline", 1500, "tok_decline"));

        JsonObject payment = awaitPayment(order, "DECLINED");
        assertThat(payment.getString("reason")).isEqualTo("CARD_DECLINED");
        CloudEvent event = events.awaitEvent(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject()), WAIT);
        assertThat(json(event.dataAsString())).isEqualTo(json("{\"orderId\":\"" + order
                + "\",\"customerId\":\"cust-decline\",\"reason\":\"CARD_DECLINED\"}"));
        assertThat(events.count(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()))).isZero();
    }

    @Test
    void tokenTheProviderDoesNotKnowIsDeclinedAsUnknown() {
        String order = newOrder();

        assertThat(push(authorize(order, "cust-unknown", 1500, "tok_made_up")).statusCode()).isEqualTo(202);

        assertThat(ok(http().get("/payments/" + order)).getString("reason")).isEqualTo("UNKNOWN_TOKEN");
        CloudEvent event = events.awaitEvent(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject()), WAIT);
        assertThat(json(event.dataAsString()).getString("reason")).isEqualTo("UNKNOWN_TOKEN");
    }

    @Test
    void authorizeDeliveredTwiceOrSentAgainChargesOnceAndRepeatsTheOutcome() {
        String order = newOrder();
        long providerCallsBefore = provider().getJsonNumber("authorizations").longValue();
        CloudEvent first = authorize(order, "cust-dup", 4200, "tok_ok");

        TestKafka.publish(COMMANDS, first);
        TestKafka.publish(COMMANDS, first);
        awaitPayment(order, "AUTHORIZED");
        HttpResponse<String> pushedAgain = push(first);
        // orders retrying the step: a new command (new event id) for the same order.
        TestKafka.publish(COMMANDS, authorize(order, "cust-dup", 4200, "tok_ok"));

        await().atMost(WAIT).until(() -> events.count(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject())) == 2);
        assertThat(json(pushedAgain.body()).getString("outcome")).isEqualTo("DUPLICATE");
        List<String> paymentIds = events.events().stream()
                .filter(e -> e.type().equals(OutboxPaymentEvents.AUTHORIZED) && order.equals(e.subject()))
                .map(e -> json(e.dataAsString()).getString("paymentId")).distinct().toList();
        assertThat(paymentIds).containsExactly(ok(http().get("/payments/" + order)).getString("paymentId"));
        assertThat(provider().getJsonNumber("authorizations").longValue()).isEqualTo(providerCallsBefore + 1);
        assertThat(paymentsOf("cust-dup")).extracting(p -> p.getString("orderId")).containsExactly(order);
    }

    @Test
    void declinedOrderAskedAgainIsDeclinedAgainWithoutAskingTheProvider() {
        String order = newOrder();
        push(authorize(order, "cust-decline-again", 700, "tok_decline"));
        long providerCalls = provider().getJsonNumber("authorizations").longValue();

        // Even with a token that would pass now: one order, one decision.
        assertThat(push(authorize(order, "cust-decline-again", 700, "tok_ok")).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> events.count(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject())) == 2);
        assertThat(events.count(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()))).isZero();
        assertThat(ok(http().get("/payments/" + order)).getString("status")).isEqualTo("DECLINED");
        assertThat(provider().getJsonNumber("authorizations").longValue()).isEqualTo(providerCalls);
    }

    @Test
    void refundGivesAnAuthorizedPaymentBackExactlyOnce() {
        String order = newOrder();
        TestKafka.publish(COMMANDS, authorize(order, "cust-refund", 3100, "tok_ok"));
        String paymentId = awaitPayment(order, "AUTHORIZED").getString("paymentId");
        long refundsBefore = provider().getJsonNumber("refunds").longValue();
        CloudEvent refund = refund(order, "cust-refund", "CUSTOMER_CANCELLED");

        TestKafka.publish(COMMANDS, refund);
        TestKafka.publish(COMMANDS, refund);
        TestKafka.publish(COMMANDS, refund(order, "cust-refund", "CUSTOMER_CANCELLED"));
        // Same order, same partition: once this one is answered, every refund before it was handled.
        TestKafka.publish(COMMANDS, authorize(order, "cust-refund", 3100, "tok_ok"));

        CloudEvent sentinel = events.awaitEvent(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject()), WAIT);
        assertThat(json(sentinel.dataAsString()).getString("reason")).isEqualTo("CANCELLED");
        assertThat(events.count(OutboxPaymentEvents.REFUNDED, e -> order.equals(e.subject()))).isEqualTo(1);
        CloudEvent refunded = events.awaitEvent(OutboxPaymentEvents.REFUNDED, e -> order.equals(e.subject()), WAIT);
        assertThat(json(refunded.dataAsString())).isEqualTo(json("{\"orderId\":\"" + order
                + "\",\"customerId\":\"cust-refund\",\"paymentId\":\"" + paymentId
                + "\",\"amount\":{\"amount\":3100,\"currency\":\"EUR\"}}"));
        JsonObject payment = ok(http().get("/payments/" + order));
        assertThat(payment.getString("status")).isEqualTo("REFUNDED");
        assertThat(payment.getString("reason")).isEqualTo("CUSTOMER_CANCELLED");
        assertThat(payment.getJsonObject("amount").getInt("amount")).isEqualTo(3100);
        assertThat(provider().getJsonNumber("refunds").longValue()).isEqualTo(refundsBefore + 1);
    }

    @Test
    void refundBeforeAnyPaymentVoidsTheOrderAndTheLateAuthorizeIsDeclinedWithoutCharging() {
        String order = newOrder();
        long providerCalls = provider().getJsonNumber("authorizations").longValue();

        TestKafka.publish(COMMANDS, refund(order, "cust-late", "TIMEOUT"));
        JsonObject voided = awaitPayment(order, "VOIDED");
        TestKafka.publish(COMMANDS, authorize(order, "cust-late", 1200, "tok_ok"));

        CloudEvent declined = events.awaitEvent(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject()), WAIT);
        assertThat(json(declined.dataAsString()).getString("reason")).isEqualTo("CANCELLED");
        assertThat(voided.containsKey("amount")).isFalse();
        assertThat(ok(http().get("/payments/" + order)).getString("status")).isEqualTo("VOIDED");
        assertThat(provider().getJsonNumber("authorizations").longValue()).isEqualTo(providerCalls);
        assertThat(events.count(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()))).isZero();
        assertThat(events.count(OutboxPaymentEvents.REFUNDED, e -> order.equals(e.subject()))).isZero();
    }

    @Test
    void refundOfADeclinedPaymentChangesNothing() {
        String order = newOrder();
        push(authorize(order, "cust-nothing", 800, "tok_decline"));

        assertThat(push(refund(order, "cust-nothing", "PAYMENT_DECLINED")).statusCode()).isEqualTo(202);

        JsonObject payment = ok(http().get("/payments/" + order));
        assertThat(payment.getString("status")).isEqualTo("DECLINED");
        assertThat(payment.getString("reason")).isEqualTo("CARD_DECLINED");
        // The outbox publishes in order: once a later answer is out, a refund event would have been too.
        push(authorize(order, "cust-nothing", 800, "tok_decline"));
        await().atMost(WAIT).until(() -> events.count(OutboxPaymentEvents.DECLINED, e -> order.equals(e.subject())) == 2);
        assertThat(events.count(OutboxPaymentEvents.REFUNDED, e -> order.equals(e.subject()))).isZero();
    }

    @Test
    void providerOutageIsRetriedThenDeadLetteredAndTakesEffectWhenRedrivenAfterRecovery() {
        String order = newOrder();
        CloudEvent command = authorize(order, "cust-outage", 5000, "tok_ok");
        configureProvider(0, 1.0);
        try {
            TestKafka.publish(COMMANDS, command);

            JsonObject letter = awaitDeadLetter(command.id());
            assertThat(letter.getString("status")).isEqualTo("DEAD");
            assertThat(letter.getString("topic")).isEqualTo(COMMANDS);
            assertThat(letter.getInt("attempts")).isEqualTo(3);
            assertThat(letter.getString("error")).contains("Payment provider failed");
            problem(http().get("/payments/" + order), 404);

            configureProvider(0, 0.0);
            HttpResponse<String> redriven = http().send("POST", "/admin/dead-letters/" + letter.getInt("id") + "/redrive", null, null);

            assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
            assertThat(json(redriven.body()).getString("outcome")).isEqualTo("HANDLED");
            assertThat(ok(http().get("/payments/" + order)).getString("status")).isEqualTo("AUTHORIZED");
            events.awaitEvent(OutboxPaymentEvents.AUTHORIZED, e -> order.equals(e.subject()), WAIT);
        } finally {
            configureProvider(0, 0.0);
        }
    }

    @Test
    void pushedCommandDuringAnOutageIsRefusedWith500SoTheSenderRedeliversIt() {
        String order = newOrder();
        CloudEvent command = authorize(order, "cust-push-outage", 5000, "tok_ok");
        configureProvider(0, 1.0);
        try {
            JsonObject failed = problem(push(command), 500);
            assertThat(failed.getString("type")).isEqualTo("https://mosaic.dev/problems/event-handler-failed");
            problem(http().get("/payments/" + order), 404);
        } finally {
            configureProvider(0, 0.0);
        }

        HttpResponse<String> redelivered = push(command);

        assertThat(json(redelivered.body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(ok(http().get("/payments/" + order)).getString("status")).isEqualTo("AUTHORIZED");
    }

    @Test
    void latencyDrillMakesTheProviderSlow() {
        configureProvider(300, 0.0);
        try {
            long start = System.nanoTime();
            assertThat(push(authorize(newOrder(), "cust-slow", 100, "tok_ok")).statusCode()).isEqualTo(202);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(provider().getInt("latencyMs")).isEqualTo(300);
        } finally {
            configureProvider(0, 0.0);
        }
    }

    static Stream<Arguments> brokenCommands() {
        return Stream.of(
                Arguments.of("zero amount", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"amount\":{\"amount\":0,\"currency\":\"EUR\"},\"paymentToken\":\"tok_ok\"}", "amount.amount must be positive"),
                Arguments.of("negative amount", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"amount\":{\"amount\":-100,\"currency\":\"EUR\"},\"paymentToken\":\"tok_ok\"}", "amount.amount must be positive"),
                Arguments.of("no amount", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"paymentToken\":\"tok_ok\"}", "amount is required"),
                Arguments.of("bad currency", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"amount\":{\"amount\":100,\"currency\":\"euro\"},\"paymentToken\":\"tok_ok\"}", "currency"),
                Arguments.of("no token", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"amount\":{\"amount\":100,\"currency\":\"EUR\"}}", "paymentToken is required"),
                Arguments.of("amount not a number", "{\"orderId\":\"%s\",\"customerId\":\"c\",\"amount\":{\"amount\":\"lots\",\"currency\":\"EUR\"},\"paymentToken\":\"tok_ok\"}", "does not decode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCommands")
    void authorizeThatBreaksItsContractIsDeadLetteredAtOnceAndChargesNothing(String what, String payload, String error) {
        String order = newOrder();
        CloudEvent command = CloudEvent.create("/mosaic/orders", PaymentCommands.Authorize.TYPE, order, payload.formatted(order));

        TestKafka.publish(COMMANDS, command);

        JsonObject letter = awaitDeadLetter(command.id());
        assertThat(letter.getInt("attempts")).isEqualTo(1);
        assertThat(letter.getString("errorClass")).endsWith("InvalidEventException");
        assertThat(letter.getString("error")).contains(error);
        problem(http().get("/payments/" + order), 404);
        JsonObject refused = problem(push(command), 400);
        assertThat(refused.getString("type")).isEqualTo("https://mosaic.dev/problems/invalid-event");
    }

    @Test
    void refundWithoutAnOrderIdIsDeadLetteredAtOnce() {
        String order = newOrder();
        CloudEvent command = CloudEvent.create("/mosaic/orders", PaymentCommands.Refund.TYPE, order,
                "{\"customerId\":\"c\",\"reason\":\"TIMEOUT\"}");

        TestKafka.publish(COMMANDS, command);

        assertThat(awaitDeadLetter(command.id()).getString("error")).contains("orderId is required");
    }

    @Test
    void unknownPaymentIsA404Problem() {
        JsonObject problem = problem(http().get("/payments/no-such-order"), 404);

        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(problem.getString("detail")).contains("no-such-order");
    }

    @Test
    void listsACustomersPaymentsNewestFirst() {
        String customer = "cust-" + UUID.randomUUID();
        String first = newOrder();
        String second = newOrder();
        String third = newOrder();
        push(authorize(first, customer, 100, "tok_ok"));
        push(authorize(second, customer, 200, "tok_decline"));
        push(refund(third, customer, "CUSTOMER_CANCELLED"));
        push(authorize(newOrder(), "someone-else", 300, "tok_ok"));

        assertThat(paymentsOf(customer)).extracting(p -> p.getString("orderId")).containsExactly(third, second, first);
        assertThat(paymentsOf(customer)).extracting(p -> p.getString("status")).containsExactly("VOIDED", "DECLINED", "AUTHORIZED");
        JsonArray two = Json.createReader(new StringReader(ok200(http().get("/payments?customerId=" + customer + "&limit=2")))).readArray();
        assertThat(two).hasSize(2);
        assertThat(paymentsOf("nobody-" + UUID.randomUUID())).isEmpty();
    }

    static Stream<Arguments> badListQueries() {
        return Stream.of(
                Arguments.of("/payments", "customerId"),
                Arguments.of("/payments?customerId=", "customerId"),
                Arguments.of("/payments?customerId=" + "c".repeat(129), "customerId"),
                Arguments.of("/payments?customerId=c&limit=abc", "limit"),
                Arguments.of("/payments?customerId=c&limit=0", "limit"),
                Arguments.of("/payments?customerId=c&limit=201", "limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListQueries")
    void badListQueryIsA400ProblemNamingTheField(String path, String field) {
        JsonObject problem = problem(http().get(path), 400);

        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/validation");
        assertThat(problem.getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field"))).containsExactly(field);
    }

    static Stream<Arguments> badProviderSettings() {
        return Stream.of(
                Arguments.of("failure rate above 1", JSON, "{\"latencyMs\":0,\"failureRate\":1.5}", 400, "validation"),
                Arguments.of("negative latency", JSON, "{\"latencyMs\":-1,\"failureRate\":0}", 400, "validation"),
                Arguments.of("missing failure rate", JSON, "{\"latencyMs\":0}", 400, "validation"),
                Arguments.of("unknown field", JSON, "{\"latencyMs\":0,\"failureRate\":0,\"mode\":\"chaos\"}", 400, "validation"),
                Arguments.of("malformed JSON", JSON, "{\"latencyMs\":", 400, "malformed-request"),
                Arguments.of("wrong type", JSON, "{\"latencyMs\":\"slow\",\"failureRate\":0}", 400, "malformed-request"),
                Arguments.of("empty body", JSON, "", 400, "validation"),
                Arguments.of("wrong content type", "text/plain", "{\"latencyMs\":0,\"failureRate\":1}", 415, "unsupported-media-type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProviderSettings")
    void badProviderSettingsAreAProblemAndChangeNothing(String what, String contentType, String body, int status, String kind) {
        JsonObject before = provider();

        JsonObject problem = problem(http().send("PUT", "/admin/provider", contentType, body), status);

        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/" + kind);
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(provider().getInt("latencyMs")).isEqualTo(before.getInt("latencyMs"));
        assertThat(provider().getJsonNumber("failureRate").doubleValue()).isEqualTo(before.getJsonNumber("failureRate").doubleValue());
    }

    @Test
    void healthReportsDatabaseAndKafkaAndMetricsAndOpenApiAreServed() {
        Operability.assertOperable(http(), "/payments/{orderId}", "/admin/provider");
    }

    private static CloudEvent authorize(String orderId, String customerId, long amount, String token) {
        return CloudEvent.create("/mosaic/orders", PaymentCommands.Authorize.TYPE, orderId, "{\"orderId\":\"" + orderId
                + "\",\"customerId\":\"" + customerId + "\",\"amount\":{\"amount\":" + amount
                + ",\"currency\":\"EUR\"},\"paymentToken\":\"" + token + "\"}");
    }

    private static CloudEvent refund(String orderId, String customerId, String reason) {
        return CloudEvent.create("/mosaic/orders", PaymentCommands.Refund.TYPE, orderId, "{\"orderId\":\"" + orderId
                + "\",\"customerId\":\"" + customerId + "\",\"reason\":\"" + reason + "\"}");
    }

    private static HttpResponse<String> push(CloudEvent event) {
        return http().push(event, "payments.commands");
    }

    private static JsonObject awaitPayment(String orderId, String status) {
        JsonObject[] found = new JsonObject[1];
        await("payment of " + orderId + " " + status).atMost(WAIT).until(() -> {
            HttpResponse<String> response = http().get("/payments/" + orderId);
            found[0] = response.statusCode() == 200 ? json(response.body()) : null;
            return found[0] != null && status.equals(found[0].getString("status"));
        });
        return found[0];
    }

    private static JsonObject awaitDeadLetter(String eventId) {
        JsonObject[] found = new JsonObject[1];
        await("dead letter of " + eventId).atMost(WAIT).until(() -> {
            JsonArray letters = Json.createReader(new StringReader(http().get("/admin/dead-letters").body())).readArray();
            found[0] = letters.stream().map(JsonValue::asJsonObject)
                    .filter(l -> eventId.equals(l.getString("eventId", null))).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static List<JsonObject> paymentsOf(String customerId) {
        return Json.createReader(new StringReader(ok200(http().get("/payments?customerId=" + customerId)))).readArray()
                .stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject provider() {
        return ok(http().get("/admin/provider"));
    }

    private static void configureProvider(long latencyMs, double failureRate) {
        HttpResponse<String> response = http().send("PUT", "/admin/provider", JSON,
                "{\"latencyMs\":" + latencyMs + ",\"failureRate\":" + failureRate + "}");
        assertThat(ok(response).getJsonNumber("failureRate").doubleValue()).isEqualTo(failureRate);
    }

    private static String newOrder() {
        return UUID.randomUUID().toString();
    }

    private static String ok200(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonObject ok(HttpResponse<String> response) {
        return json(ok200(response));
    }

    private static JsonObject problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonObject problem = json(response.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        return problem;
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static Http http() {
        return ServicePort.http();
    }
}
