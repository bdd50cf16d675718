package dev.mosaic.orders.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.platform.core.DomainException;
import dev.mosaic.platform.data.AfterCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The saga's transitions against orders kept in memory (the transaction is the caller's; here every call stands
 * alone): which answers lock the order, and what they send.
 */
class OrderSagaTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final Orders orders = new Orders();
    private final List<String> sent = new ArrayList<>();
    private final List<String> metered = new ArrayList<>();
    private final OrderMeters meters = new OrderMeters(null, null) {
        @Override
        void placed() {
            metered.add("placed");
        }

        @Override
        void confirmed(Order order, Instant at) {
            metered.add("confirmed " + order.id());
        }

        @Override
        void cancelled(Order order, CancelReason reason, Instant at) {
            metered.add("cancelled " + order.id() + " " + reason + (at == null ? " after it completed" : ""));
        }
    };
    private final OrderSaga saga = new OrderSaga(orders, new Recorded(sent), meters, new OrderChanges(),
            new AfterCommit(null) {
                @Override
                public void run(Runnable action) {
                    action.run();
                }
            }, 10_000, 6);

    @Test
    void stockReservedMovesAPendingOrderOnUnderItsLock() {
        Order order = orders.stored(pending("o-1"));

        assertThat(saga.onStockReserved("o-1")).isTrue();

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(orders.locked).containsExactly("o-1");
        assertThat(sent).containsExactly("authorizePayment o-1");
    }

    @ParameterizedTest(name = "the placement's call answered {0}: the order is {1}, and {2}")
    @CsvSource(delimiter = '|', value = {
            "RESERVED    | AWAITING_PAYMENT | authorizePayment o-1",
            "REJECTED    | CANCELLED        | orderCancelled o-1",
            "RELEASED    | CANCELLED        | orderCancelled o-1",
            // inventory could not be asked: the reservation goes through the outbox
            "UNAVAILABLE | PENDING          | reserveStock o-1",
    })
    void theReservationCallsAnswerMovesTheOrderAsItsEventWouldAndGivesTheOrderAsItStands(
            StockReservations.Outcome answer, OrderStatus status, String message) {
        Order order = orders.stored(pending("o-1"));

        assertThat(saga.onReservation("o-1", answer)).isSameAs(order);

        assertThat(order.status()).isEqualTo(status);
        assertThat(orders.locked).containsExactly("o-1");
        assertThat(sent).containsExactly(message);
    }

    @Test
    void aReservationCallAnsweredAfterInventorysEventGivesTheOrderAsTheEventLeftIt() {
        Order order = orders.stored(pending("o-1"));
        saga.onStockReserved("o-1");
        sent.clear();

        assertThat(saga.onReservation("o-1", StockReservations.Outcome.RESERVED)).isSameAs(order);

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(sent).as("no second payment request").isEmpty();
    }

    @Test
    void aRepeatedStockAnswerForAnOrderPastPendingChangesNothing() {
        Order order = orders.stored(pending("o-1"));
        saga.onStockReserved("o-1");
        sent.clear();

        // inventory's event repeating the synchronous answer the placement already applied
        assertThat(saga.onStockReserved("o-1")).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        // stock.committed, after the confirmation
        order.paymentAuthorized(NOW);
        assertThat(saga.onStockReserved("o-1")).isFalse();

        assertThat(sent).as("no second payment request").isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void aStockAnswerForAnUnknownOrderChangesNothing() {
        assertThat(saga.onStockReserved("nobody")).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void anAuthorizedPaymentConfirmsAnOrderOnceAndALateDeclineChangesNothing() {
        Order order = awaitingPayment("o-1");

        assertThat(saga.onPaymentAuthorized("o-1")).isTrue();
        assertThat(saga.onPaymentAuthorized("o-1")).as("the same answer again").isFalse();
        assertThat(saga.onPaymentDeclined("o-1")).as("a decline after the confirmation").isFalse();

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(sent).containsExactly("orderConfirmed o-1");
        assertThat(metered).containsExactly("confirmed o-1");
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndMakesSureNothingIsTaken() {
        Order order = awaitingPayment("o-1");

        assertThat(saga.onPaymentDeclined("o-1")).isTrue();
        assertThat(saga.onPaymentDeclined("o-1")).as("the same answer again").isFalse();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
        // inventory releases on order.cancelled; payments turns a refund of nothing taken into "nothing will be".
        assertThat(sent).containsExactly("orderCancelled o-1", "refundPayment o-1 PAYMENT_DECLINED");
        assertThat(metered).containsExactly("cancelled o-1 PAYMENT_DECLINED");
    }

    @Test
    void rejectedStockCancelsAPendingOrderWithoutEverAskingForMoney() {
        Order order = orders.stored(pending("o-1"));

        assertThat(saga.onStockRejected("o-1")).isTrue();
        assertThat(saga.onStockReserved("o-1")).as("a reservation arriving after the rejection").isFalse();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(CancelReason.OUT_OF_STOCK);
        assertThat(sent).containsExactly("orderCancelled o-1");
    }

    @Test
    void aCancelBeforeConfirmationCompensatesAndMoneyArrivingLaterIsGivenBack() {
        Order order = awaitingPayment("o-1");

        assertThat(saga.cancelByCustomer("c-1", "o-1")).isSameAs(order);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(CancelReason.CUSTOMER_CANCELLED);
        assertThat(sent).containsExactly("orderCancelled o-1", "refundPayment o-1 CUSTOMER_CANCELLED");
        sent.clear();

        // The payment was under way when the customer cancelled: it is refunded, the order stays cancelled.
        assertThat(saga.onPaymentAuthorized("o-1")).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(sent).containsExactly("refundPayment o-1 ORDER_ALREADY_CANCELLED");
    }

    @Test
    void aCancelAfterConfirmationRefundsOnceHoweverOftenItIsAsked() {
        Order order = awaitingPayment("o-1");
        saga.onPaymentAuthorized("o-1");
        sent.clear();
        metered.clear();

        saga.cancelByCustomer("c-1", "o-1");
        saga.cancelByCustomer("c-1", "o-1");

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(sent).containsExactly("orderCancelled o-1", "refundPayment o-1 CUSTOMER_CANCELLED");
        assertThat(metered).as("completed once, when confirmed").containsExactly("cancelled o-1 CUSTOMER_CANCELLED after it completed");
    }

    @Test
    void nobodyCancelsAnotherCustomersOrderNorLearnsThatItExists() {
        Order order = awaitingPayment("o-1");

        assertThatThrownBy(() -> saga.cancelByCustomer("c-2", "o-1")).isInstanceOf(DomainException.NotFound.class);
        assertThatThrownBy(() -> saga.cancelByCustomer("c-2", "o-404")).isInstanceOf(DomainException.NotFound.class);

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(sent).isEmpty();
    }

    /** An order whose stock is reserved and whose payment has been asked for; what that sent is forgotten. */
    private Order awaitingPayment(String id) {
        Order order = orders.stored(pending(id));
        saga.onStockReserved(id);
        sent.clear();
        return order;
    }

    private static Order pending(String id) {
        return new Order(id, "c-1", List.of(new OrderLine("X-1", 1, new Money(100, "EUR"))), "tok_ok", null, "h",
                         NOW, NOW.plusSeconds(10));
    }

    /** Orders by id, as the database holds them; counts the locks taken. */
    private static final class Orders implements OrderRepository {
        final Map<String, Order> byId = new HashMap<>();
        final List<String> locked = new ArrayList<>();

        Order stored(Order order) {
            byId.put(order.id(), order);
            return order;
        }

        @Override
        public Optional<Order> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Order> lock(String id) {
            locked.add(id);
            return find(id);
        }

        @Override
        public void add(Order order) {
            stored(order);
        }

        @Override
        public Optional<Order> byIdempotencyKey(String customerId, String key) {
            return byId.values().stream()
                    .filter(o -> o.customerId().equals(customerId) && key.equals(o.idempotencyKey())).findFirst();
        }

        @Override
        public List<Order> byCustomer(String customerId, int limit) {
            return byId.values().stream().filter(o -> o.customerId().equals(customerId)).limit(limit).toList();
        }

        @Override
        public List<Order> newest(int limit) {
            return byId.values().stream().limit(limit).toList();
        }

        @Override
        public List<String> overdue(Instant now, int limit) {
            return List.of();
        }
    }

    /** The messages the saga sends, as "kind orderId". */
    private record Recorded(List<String> sent) implements SagaMessages {
        @Override
        public void orderPlaced(Order order) {
            sent.add("orderPlaced " + order.id());
        }

        @Override
        public void orderConfirmed(Order order) {
            sent.add("orderConfirmed " + order.id());
        }

        @Override
        public void orderCancelled(Order order) {
            sent.add("orderCancelled " + order.id());
        }

        @Override
        public void reserveStock(Order order) {
            sent.add("reserveStock " + order.id());
        }

        @Override
        public void authorizePayment(Order order) {
            sent.add("authorizePayment " + order.id());
        }

        @Override
        public void refundPayment(Order order, String reason) {
            sent.add("refundPayment " + order.id() + " " + reason);
        }
    }
}
