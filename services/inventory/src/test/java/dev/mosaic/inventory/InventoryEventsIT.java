package dev.mosaic.inventory;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple;
import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.messaging.OrderFacts;
import dev.mosaic.inventory.messaging.OutboxReservationEvents;
import dev.mosaic.inventory.messaging.StockCommands;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventDispatcher;
import dev.mosaic.testing.EventContracts;
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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.mosaic.inventory.InventoryApi.assertStock;
import static dev.mosaic.inventory.InventoryApi.handled;
import static dev.mosaic.inventory.InventoryApi.http;
import static dev.mosaic.inventory.InventoryApi.json;
import static dev.mosaic.inventory.InventoryApi.newOrderId;
import static dev.mosaic.inventory.InventoryApi.outboxed;
import static dev.mosaic.inventory.InventoryApi.reservationStatus;
import static dev.mosaic.inventory.InventoryApi.stockedSku;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.COMMITTED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.REJECTED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.RELEASED;
import static dev.mosaic.inventory.messaging.OutboxReservationEvents.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The asynchronous side: commands on {@code inventory.commands} and order facts on {@code orders.events}, by Kafka
 * poll and by HTTP push, reach the same domain methods; however often an event is delivered, it has one effect.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.events.retry.backoff-ms", value = "50")
@AddConfig(key = "mosaic.events.delivery", value = "poll,push")
@AddConfig(key = "mosaic.events.push.senders.inventory.commands", value = "eventing-inventory.commands")
@AddConfig(key = "mosaic.events.push.senders.orders.events", value = "eventing-orders.events")
class InventoryEventsIT {

    private static final String ORDERS = "/mosaic/orders";
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static TopicProbe events;
    @RegisterExtension
    static final ProducedEvents CONTRACTS = new ProducedEvents(OutboxReservationEvents.SOURCE,
            List.of(RESERVED, REJECTED, RELEASED, COMMITTED), OutboxReservationEvents.TOPIC);

    @Inject
    TransactionManager transactions;
    @Inject
    EventDispatcher dispatcher;
    @Inject
    InventoryService inventory;

    @BeforeAll
    static void subscribe() {
        events = new TopicProbe(TestKafka.bootstrapServers(), OutboxReservationEvents.TOPIC);
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
    void reserveCommandsAreAnsweredReservedOrRejected() {
        String plenty = stockedSku(10);
        String scarce = stockedSku(2);
        String fits = newOrderId();
        String tooMany = newOrderId();

        TestKafka.publish(StockCommands.TOPIC, reserveCommand(fits, plenty, 3));
        TestKafka.publish(StockCommands.TOPIC, reserveCommand(tooMany, scarce, 3));

        CloudEvent reserved = events.awaitEvent(RESERVED, e -> fits.equals(e.subject()), DEADLINE);
        assertThat(json(reserved.dataAsString()).getJsonArray("lines").getJsonObject(0).getInt("quantity")).isEqualTo(3);
        assertStock(plenty, 7, 3, 0);
        CloudEvent rejected = events.awaitEvent(REJECTED, e -> tooMany.equals(e.subject()), DEADLINE);
        JsonObject unavailable = json(rejected.dataAsString()).getJsonArray("unavailable").getJsonObject(0);
        assertThat(List.of(unavailable.getString("sku"), unavailable.getInt("requested"), unavailable.getInt("available")))
                .containsExactly(scarce, 3, 2);
        assertStock(scarce, 2, 0, 0);
    }

    @Test
    void theSameCommandDeliveredByPushAndTwiceByKafkaHasOneEffect() {
        String sku = stockedSku(10);
        String order = newOrderId();
        CloudEvent reserve = reserveCommand(order, sku, 4);

        HttpResponse<String> pushed = push(reserve);
        TestKafka.publish(StockCommands.TOPIC, reserve);
        TestKafka.publish(StockCommands.TOPIC, reserve);
        // Same key, same partition: once this later command (a retry, new id) is handled, both copies above were consumed.
        CloudEvent retry = reserveCommand(order, sku, 4);
        TestKafka.publish(StockCommands.TOPIC, retry);

        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("HANDLED");
        await().atMost(DEADLINE).until(() -> handled(retry.id()));
        assertStock(sku, 6, 4, 0);
        // Announced for the first copy and answered again for the retry; the duplicates announced nothing.
        assertThat(outboxed(RESERVED, order)).isEqualTo(2);
        assertThat(json(push(reserve).body()).getString("outcome")).isEqualTo("DUPLICATE");
    }

    @Test
    void aNewCommandRepeatingAnOperationChangesNothingAndARepeatedReserveIsAnsweredAgain() {
        String sku = stockedSku(10);
        String order = newOrderId();
        push(reserveCommand(order, sku, 2));

        // A retry by orders is a new event (new id) for the same order: the inbox lets it in, the domain answers it.
        assertThat(json(push(reserveCommand(order, sku, 2)).body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(json(push(cancelled(order, "CUSTOMER_CANCELLED")).body()).getString("outcome")).isEqualTo("HANDLED");
        assertThat(json(push(cancelled(order, "CUSTOMER_CANCELLED")).body()).getString("outcome")).isEqualTo("HANDLED");

        assertStock(sku, 10, 0, 0);
        // orders asks again only when it has no answer: the reserve is answered again, the release is not.
        assertThat(outboxed(RESERVED, order)).isEqualTo(2);
        assertThat(outboxed(RELEASED, order)).isEqualTo(1);
    }

    @Test
    void orderConfirmedCommitsTheReservation() {
        String sku = stockedSku(10);
        String order = newOrderId();
        TestKafka.publish(StockCommands.TOPIC, reserveCommand(order, sku, 5));
        awaitStatus(order, "RESERVED");

        TestKafka.publish(OrderFacts.TOPIC, orderFact("dev.mosaic.order.confirmed.v1", order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"c-1\",\"total\":{\"amount\":1290,\"currency\":\"EUR\"}}"));

        events.awaitEvent(COMMITTED, e -> order.equals(e.subject()), DEADLINE);
        assertStock(sku, 5, 0, 5);
    }

    @Test
    void orderCancelledReleasesTheReservation() {
        String sku = stockedSku(10);
        String order = newOrderId();
        TestKafka.publish(StockCommands.TOPIC, reserveCommand(order, sku, 5));
        awaitStatus(order, "RESERVED");

        TestKafka.publish(OrderFacts.TOPIC, cancelled(order, "PAYMENT_DECLINED"));

        events.awaitEvent(RELEASED, e -> order.equals(e.subject()), DEADLINE);
        assertStock(sku, 10, 0, 0);
    }

    @Test
    void orderCancelledBeforeItsReserveArrivedLeavesATombstoneSoTheLateReserveHoldsNothing() {
        String sku = stockedSku(10);
        String order = newOrderId();

        TestKafka.publish(OrderFacts.TOPIC, cancelled(order, "TIMEOUT"));
        awaitStatus(order, "RELEASED");
        CloudEvent lateReserve = reserveCommand(order, sku, 5);
        TestKafka.publish(StockCommands.TOPIC, lateReserve);

        await().atMost(DEADLINE).until(() -> handled(lateReserve.id()));
        assertStock(sku, 10, 0, 0);
        assertThat(reservationStatus(order)).hasValue("RELEASED");
        assertThat(outboxed(RESERVED, order) + outboxed(COMMITTED, order)).isZero();
    }

    @Test
    void orderEventsInventoryDoesNotHandleAreIgnored() {
        HttpResponse<String> pushed = push(orderFact("dev.mosaic.order.placed.v1", newOrderId(), "{\"orderId\":\"x\"}"));

        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed.body()).getString("outcome")).isEqualTo("IGNORED");
    }

    @Test
    void anInvalidReserveCommandIsDeadLetteredAndChangesNothing() {
        String sku = stockedSku(10);
        String order = newOrderId();
        CloudEvent invalid = CloudEvent.create(ORDERS, "dev.mosaic.stock.reserve.v1", order,
                "{\"orderId\":\"" + order + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":0}]}");

        TestKafka.publish(StockCommands.TOPIC, invalid);

        JsonObject letter = awaitDeadLetter(invalid.id());
        assertThat(letter.getString("error")).contains("lines[0].quantity");
        assertStock(sku, 10, 0, 0);
        assertThat(reservationStatus(order)).isEmpty();
    }

    @Test
    void aHandledCommandItsInboxRecordAndItsEventCommitOnOneConnection() throws Exception {
        String sku = stockedSku(10);
        String order = newOrderId();
        CloudEvent reserve = reserveCommand(order, sku, 1);

        transactions.begin();
        try {
            dispatcher.dispatch(reserve, "inventory.commands");
            inventory.commit(order);
            // One local resource: the reservation, the stock rows, the inbox row and the outbox rows commit
            // together, in one database transaction, without a two-phase commit.
            assertThat(((TransactionImple) transactions.getTransaction()).getResources()).hasSize(1);
        } finally {
            transactions.commit();
        }
        assertStock(sku, 9, 0, 1);
        assertThat(handled(reserve.id())).isTrue();
        assertThat(outboxed(RESERVED, order) + outboxed(COMMITTED, order)).isEqualTo(2);
    }

    private static CloudEvent reserveCommand(String order, String sku, int quantity) {
        return CloudEvent.create(ORDERS, "dev.mosaic.stock.reserve.v1", order,
                "{\"orderId\":\"" + order + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}");
    }

    private static CloudEvent cancelled(String order, String reason) {
        return orderFact("dev.mosaic.order.cancelled.v1", order, "{\"orderId\":\"" + order + "\",\"customerId\":\"c-1\","
                + "\"reason\":\"" + reason + "\",\"total\":{\"amount\":1290,\"currency\":\"EUR\"}}");
    }

    private static CloudEvent orderFact(String type, String order, String data) {
        return CloudEvent.create(ORDERS, type, order, data);
    }

    private static HttpResponse<String> push(CloudEvent event) {
        return ServicePort.anonymous().send("POST", "/events", "application/json", event.dataAsString(), Map.of(
                "ce-specversion", "1.0", "ce-id", event.id(), "ce-source", event.source(), "ce-type", event.type(),
                "ce-subject", event.subject(), "ce-time", event.time().toString(),
                "Authorization", TestTokens.eventSender(event.type().startsWith("dev.mosaic.stock.") ? "inventory.commands" : "orders.events")));
    }

    private static void awaitStatus(String order, String status) {
        await().atMost(DEADLINE).until(() -> reservationStatus(order).filter(status::equals).isPresent());
    }

    private static JsonObject awaitDeadLetter(String eventId) {
        JsonObject[] found = new JsonObject[1];
        await().atMost(DEADLINE).until(() -> {
            JsonArray list = Json.createReader(new StringReader(http().get("/admin/dead-letters").body())).readArray();
            found[0] = list.stream().map(JsonValue::asJsonObject)
                    .filter(l -> eventId.equals(l.getString("eventId", null))).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
