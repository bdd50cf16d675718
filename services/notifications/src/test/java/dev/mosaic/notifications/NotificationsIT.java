package dev.mosaic.notifications;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mosaic.notifications.messaging.Facts;
import dev.mosaic.notifications.domain.Money;
import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.notifications.domain.SourceEvent;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.EventContracts;
import dev.mosaic.testing.TestTokens;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.Operability;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications as customers and the saga see them: facts in on {@code orders.events} and {@code payments.events}
 * (Kafka poll or HTTP push), one stored and delivered message per fact, listed per customer, on a real broker
 * and database.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.events.delivery", value = "poll,push")
@AddConfig(key = "mosaic.events.push.senders.orders.events", value = "eventing-orders.events")
@AddConfig(key = "mosaic.events.push.senders.payments.events", value = "eventing-payments.events")
class NotificationsIT {

    private static final String ORDERS_EVENTS = "orders.events";
    private static final String PAYMENTS_EVENTS = "payments.events";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    NotificationService notificationService;

    @Test
    void everyConsumedTypeHasASchema() {
        EventContracts.ofRepository().assertHandledTypesHaveSchemas();
    }

    @Test
    void eachNotificationToldIsCountedOnceByTypeAndOutcome() {
        String customer = newCustomer();
        String order = newOrder();
        Metrics start = Metrics.scrape(ServicePort.http());
        double before = start.count("mosaic_notifications_sent_total", "type", "ORDER_PLACED", "outcome", "sent");
        double duplicates = start.count("mosaic_events_handled_total", "outcome", "duplicate");

        CloudEvent placed = placed(order, customer, 990, 1);
        TestKafka.publish(ORDERS_EVENTS, placed);
        TestKafka.publish(ORDERS_EVENTS, placed);
        awaitNotifications(customer, 1);
        // The duplicate went through the same partition: once its handling shows on /metrics, both were consumed.
        await().atMost(WAIT).until(() -> Metrics.scrape(ServicePort.http()).count("mosaic_events_handled_total",
                "outcome", "duplicate") >= duplicates + 1);

        assertThat(Metrics.scrape(ServicePort.http()).count("mosaic_notifications_sent_total", "type", "ORDER_PLACED",
                "outcome", "sent")).isEqualTo(before + 1);
    }

    @Test
    void placedOrderIsToldWithItsItemsAndTotal() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(ORDERS_EVENTS, placed(order, customer, 2580, 1, 1));

        JsonObject told = awaitNotifications(customer, 1).getFirst();
        assertThat(told.getString("message")).isEqualTo("We received your order " + shortId(order)
                + ": 2 items, EUR 25.80. We will let you know once it is confirmed.");
        assertThat(told.getString("type")).isEqualTo("ORDER_PLACED");
        assertThat(told.getString("orderId")).isEqualTo(order);
        assertThat(told.getString("id")).isNotBlank();
        assertThat(told.getString("createdAt")).isNotBlank();
    }

    @Test
    void confirmationNamesTheItemsOfThePlacedOrder() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(ORDERS_EVENTS, placed(order, customer, 2580, 2, 1));
        TestKafka.publish(ORDERS_EVENTS, confirmed(order, customer, 2580));

        JsonObject newest = awaitNotifications(customer, 2).getFirst();
        assertThat(newest.getString("type")).isEqualTo("ORDER_CONFIRMED");
        assertThat(newest.getString("message")).isEqualTo("Your order " + shortId(order) + " is confirmed: 3 items, EUR 25.80.");
    }

    @Test
    void confirmationOfAnOrderNeverSeenPlacedLeavesTheItemsOut() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(ORDERS_EVENTS, confirmed(order, customer, 990));

        assertThat(awaitNotifications(customer, 1).getFirst().getString("message"))
                .isEqualTo("Your order " + shortId(order) + " is confirmed: EUR 9.90.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "OUT_OF_STOCK       | Order %s was cancelled: an item is out of stock. Nothing was charged.",
        "PAYMENT_DECLINED   | Order %s was cancelled: the payment was declined. Nothing was charged.",
        "TIMEOUT            | Order %s was cancelled: it could not be completed in time. If you were charged, the amount will be refunded.",
        "CUSTOMER_CANCELLED | Order %s was cancelled as you asked. If you were charged, the amount will be refunded."})
    void cancellationIsToldWithItsReasonInWords(String reason, String message) {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(ORDERS_EVENTS, event(Facts.OrderCancelled.TYPE, "/mosaic/orders", order, "{\"orderId\":\""
                + order + "\",\"customerId\":\"" + customer + "\",\"reason\":\"" + reason + "\"," + money("total", 2580) + "}"));

        JsonObject told = awaitNotifications(customer, 1).getFirst();
        assertThat(told.getString("type")).isEqualTo("ORDER_CANCELLED");
        assertThat(told.getString("message")).isEqualTo(message.formatted(shortId(order)));
    }

    @Test
    void authorizedPaymentIsToldWithItsAmount() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentAuthorized.TYPE, "/mosaic/payments", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"paymentId\":\"p-1\"," + money("amount", 4200) + "}"));

        JsonObject told = awaitNotifications(customer, 1).getFirst();
        assertThat(told.getString("type")).isEqualTo("PAYMENT_AUTHORIZED");
        assertThat(told.getString("message")).isEqualTo("Payment of EUR 42.00 for order " + shortId(order) + " is authorized.");
    }

    @Test
    void theSameFactArrivingAgainAsANewEventIsToldOnce() {
        String customer = newCustomer();
        String order = newOrder();
        String data = "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"paymentId\":\"p-1\","
                + money("amount", 4200) + "}";

        // payments answers a retried authorization with its outcome once more: same fact, new event id.
        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentAuthorized.TYPE, "/mosaic/payments", order, data));
        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentAuthorized.TYPE, "/mosaic/payments", order, data));
        // Same key, same partition: once the refund is told, both copies of the authorization were handled.
        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentRefunded.TYPE, "/mosaic/payments", order, data));

        awaitNotifications(customer, 2);
        assertThat(notificationsOf(customer)).extracting(n -> n.getString("type"))
                .containsExactlyInAnyOrder("PAYMENT_AUTHORIZED", "PAYMENT_REFUNDED");
    }

    @Test
    void declinedPaymentIsToldThatNothingWasCharged() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentDeclined.TYPE, "/mosaic/payments", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"reason\":\"CARD_DECLINED\"}"));

        JsonObject told = awaitNotifications(customer, 1).getFirst();
        assertThat(told.getString("type")).isEqualTo("PAYMENT_DECLINED");
        assertThat(told.getString("message")).isEqualTo("We could not take payment for order " + shortId(order)
                + ": the card was declined. Nothing was charged.");
    }

    @Test
    void refundIsToldWithItsAmount() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentRefunded.TYPE, "/mosaic/payments", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"paymentId\":\"p-2\"," + money("amount", 3100) + "}"));

        JsonObject told = awaitNotifications(customer, 1).getFirst();
        assertThat(told.getString("type")).isEqualTo("PAYMENT_REFUNDED");
        assertThat(told.getString("message")).isEqualTo("We refunded EUR 31.00 for order " + shortId(order)
                + "; it can take a few days to show on your statement.");
    }

    @Test
    void eventDeliveredTwiceByKafkaAndOnceMoreByPushIsToldOnce() {
        String customer = newCustomer();
        String order = newOrder();
        CloudEvent placed = placed(order, customer, 1000, 1);

        TestKafka.publish(ORDERS_EVENTS, placed);
        TestKafka.publish(ORDERS_EVENTS, placed);
        awaitNotifications(customer, 1);
        HttpResponse<String> pushed = push(placed);
        // Same order, same partition: once this is told, both copies before it were consumed.
        TestKafka.publish(ORDERS_EVENTS, confirmed(order, customer, 1000));

        List<JsonObject> told = awaitNotifications(customer, 2);
        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("DUPLICATE");
        assertThat(told).extracting(n -> n.getString("type")).containsExactly("ORDER_CONFIRMED", "ORDER_PLACED");
    }

    @Test
    void pushedEventIsToldBeforeTheAnswer() {
        String customer = newCustomer();
        String order = newOrder();

        HttpResponse<String> pushed = push(event(Facts.PaymentDeclined.TYPE, "/mosaic/payments", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"reason\":\"UNKNOWN_TOKEN\"}"));

        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(notificationsOf(customer)).extracting(n -> n.getString("message"))
                .containsExactly("We could not take payment for order " + shortId(order)
                        + ": the payment method was not recognised. Nothing was charged.");
    }

    @Test
    void sameSourceEventIsStoredOnceEvenWithoutTheInbox() {
        String customer = newCustomer();
        String order = newOrder();
        SourceEvent source = new SourceEvent("/mosaic/orders", UUID.randomUUID().toString(), Facts.OrderConfirmed.TYPE);

        var first = notificationService.orderConfirmed(source, order, customer, new Money(500, "EUR"));
        var second = notificationService.orderConfirmed(source, order, customer, new Money(500, "EUR"));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(notificationsOf(customer)).hasSize(1);
        assertThat(deliveryAttempts(first.id())).hasSize(1);
    }

    @Test
    void everyNotificationIsDeliveredOnceOverTheLogChannel() {
        String customer = newCustomer();
        String order = newOrder();

        TestKafka.publish(PAYMENTS_EVENTS, event(Facts.PaymentAuthorized.TYPE, "/mosaic/payments", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"paymentId\":\"p-3\"," + money("amount", 1) + "}"));

        String id = awaitNotifications(customer, 1).getFirst().getString("id");
        assertThat(deliveryAttempts(id)).containsExactly("log:SENT");
    }

    @Test
    void eventTypeNobodyHereHandlesIsIgnoredNotDeadLettered() {
        String customer = newCustomer();
        String order = newOrder();
        CloudEvent unknown = event("dev.mosaic.order.gift-wrapped.v1", "/mosaic/orders", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\"}");

        TestKafka.publish(ORDERS_EVENTS, unknown);
        TestKafka.publish(ORDERS_EVENTS, confirmed(order, customer, 700));

        assertThat(awaitNotifications(customer, 1)).extracting(n -> n.getString("type")).containsExactly("ORDER_CONFIRMED");
        assertThat(deadLetters()).noneMatch(l -> unknown.id().equals(l.getString("eventId", null)));
        assertThat(json(push(unknown).body()).getString("outcome")).isEqualTo("IGNORED");
    }

    @Test
    void eventThatBreaksItsContractIsDeadLetteredAtOnce() {
        String order = newOrder();
        CloudEvent broken = event(Facts.OrderConfirmed.TYPE, "/mosaic/orders", order,
                "{\"orderId\":\"" + order + "\"," + money("total", 100) + "}");

        TestKafka.publish(ORDERS_EVENTS, broken);

        JsonObject[] letter = new JsonObject[1];
        await().atMost(WAIT).until(() -> (letter[0] = deadLetters().stream()
                .filter(l -> broken.id().equals(l.getString("eventId", null))).findFirst().orElse(null)) != null);
        assertThat(letter[0].getInt("attempts")).isEqualTo(1);
        assertThat(letter[0].getString("error")).contains("customerId is required");
    }

    @Test
    void listHasOnlyTheCustomersNotificationsNewestFirstUpToTheLimit() {
        String customer = newCustomer();
        String order = newOrder();
        push(placed(order, customer, 2580, 2));
        push(confirmed(order, customer, 2580));
        push(placed(newOrder(), "someone-else-" + UUID.randomUUID(), 100, 1));
        push(event(Facts.OrderCancelled.TYPE, "/mosaic/orders", order, "{\"orderId\":\"" + order + "\",\"customerId\":\""
                + customer + "\",\"reason\":\"CUSTOMER_CANCELLED\"," + money("total", 2580) + "}"));

        assertThat(notificationsOf(customer)).extracting(n -> n.getString("type"))
                .containsExactly("ORDER_CANCELLED", "ORDER_CONFIRMED", "ORDER_PLACED");
        assertThat(list("/notifications?customerId=" + customer + "&limit=2", Map.of("Authorization", TestTokens.admin()))).extracting(n -> n.getString("type"))
                .containsExactly("ORDER_CANCELLED", "ORDER_CONFIRMED");
        assertThat(notificationsOf("nobody-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCustomerSeesOnlyTheirOwnNotificationsWhateverTheQuery() {
        String customer = newCustomer();
        String other = newCustomer();
        push(confirmed(newOrder(), customer, 100));
        push(confirmed(newOrder(), other, 200));

        List<JsonObject> byToken = list("/notifications", Map.of("Authorization", TestTokens.customer(customer)));
        List<JsonObject> tokenAndOtherQuery = list("/notifications?customerId=" + other,
                                                   Map.of("Authorization", TestTokens.customer(customer)));

        assertThat(byToken).hasSize(1);
        assertThat(tokenAndOtherQuery).isEqualTo(byToken);
        assertThat(byToken.getFirst().getString("message")).contains("EUR 1.00");
    }

    @Test
    void withoutAVerifiedTokenNobodysNotificationsAreShown() {
        String customer = newCustomer();
        push(confirmed(newOrder(), customer, 100));

        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-Customer-Id", customer),
                Map.of("Authorization", "Bearer forged.token.value"))) {
            HttpResponse<String> response = ServicePort.anonymous().send("GET", "/notifications?customerId=" + customer, null, null, headers);
            assertThat(response.statusCode()).as(headers.toString()).isEqualTo(401);
            assertThat(json(response.body()).getString("type")).isEqualTo("https://mosaic.dev/problems/unauthenticated");
            assertThat(response.body()).doesNotContain(customer + "\"");
        }
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/notifications?customerId=" + "c".repeat(129), "customerId"),
                Arguments.of("/notifications?customerId=c&limit=many", "limit"),
                Arguments.of("/notifications?customerId=c&limit=0", "limit"),
                Arguments.of("/notifications?customerId=c&limit=201", "limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badQueryIsA400ProblemNamingTheField(String path, String field) {
        HttpResponse<String> response = http().send("GET", path, null, null, Map.of("Authorization", TestTokens.admin()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("https://mosaic.dev/problems/validation");
        assertThat(problem.getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field"))).containsExactly(field);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void pushThatIsNotACloudEventIsA400Problem() {
        HttpResponse<String> response = http().send("POST", "/events", "application/json", "{\"orderId\":\"x\"}",
                Map.of("Authorization", TestTokens.eventSender("orders.events")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getString("type")).isEqualTo("https://mosaic.dev/problems/invalid-event");
    }

    @Test
    void healthReportsDatabaseAndKafkaAndMetricsAndOpenApiAreServed() {
        Operability.assertOperable(http(), "/notifications");
    }

    private static CloudEvent placed(String order, String customer, long total, int... quantities) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < quantities.length; i++) {
            lines.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(i).append("\",\"quantity\":")
                    .append(quantities[i]).append(",\"unitPrice\":{\"amount\":100,\"currency\":\"EUR\"}}");
        }
        return event(Facts.OrderPlaced.TYPE, "/mosaic/orders", order, "{\"orderId\":\"" + order + "\",\"customerId\":\""
                + customer + "\",\"lines\":[" + lines + "]," + money("total", total) + "}");
    }

    private static CloudEvent confirmed(String order, String customer, long total) {
        return event(Facts.OrderConfirmed.TYPE, "/mosaic/orders", order, "{\"orderId\":\"" + order + "\",\"customerId\":\""
                + customer + "\"," + money("total", total) + "}");
    }

    private static CloudEvent event(String type, String source, String subject, String json) {
        return CloudEvent.create(source, type, subject, json);
    }

    private static String money(String field, long amount) {
        return "\"" + field + "\":{\"amount\":" + amount + ",\"currency\":\"EUR\"}";
    }

    private static HttpResponse<String> push(CloudEvent event) {
        return http().push(event, event.type().startsWith("dev.mosaic.payment.") ? "payments.events" : "orders.events");
    }

    private static List<JsonObject> awaitNotifications(String customer, int count) {
        await("notifications of " + customer).atMost(WAIT).until(() -> notificationsOf(customer).size() >= count);
        List<JsonObject> told = notificationsOf(customer);
        assertThat(told).hasSize(count);
        return told;
    }

    private static List<JsonObject> notificationsOf(String customer) {
        return list("/notifications", Map.of("Authorization", TestTokens.customer(customer)));
    }

    private static List<JsonObject> list(String path, Map<String, String> headers) {
        HttpResponse<String> response = http().send("GET", path, null, null, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readArray().stream().map(JsonValue::asJsonObject).toList();
    }

    private static List<JsonObject> deadLetters() {
        JsonArray letters = Json.createReader(new StringReader(http().get("/admin/dead-letters").body())).readArray();
        return letters.stream().map(JsonValue::asJsonObject).toList();
    }

    /** The delivery attempts of a notification, as {@code channel:status}, read straight from the database. */
    private static List<String> deliveryAttempts(String notificationId) {
        try (Connection c = DriverManager.getConnection(System.getProperty("mosaic.db.url"),
                System.getProperty("mosaic.db.user"), System.getProperty("mosaic.db.password"));
             PreparedStatement query = c.prepareStatement(
                     "select channel, status from delivery_attempt where notification_id = ?")) {
            query.setString(1, notificationId);
            List<String> attempts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    attempts.add(rows.getString(1) + ":" + rows.getString(2));
                }
            }
            return attempts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newCustomer() {
        return "cust-" + UUID.randomUUID();
    }

    private static String newOrder() {
        return UUID.randomUUID().toString();
    }

    private static String shortId(String order) {
        return order.substring(0, 8) + "…";
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static Http http() {
        return ServicePort.http();
    }
}
