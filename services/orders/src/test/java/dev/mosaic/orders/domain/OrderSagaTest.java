package dev.mosaic.orders.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.platform.data.AfterCommit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's transitions against orders kept in memory (the transaction is the caller's; here every call stands
 * alone): which answers lock the order, and what they send.
 */
class OrderSagaTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final Orders orders = new Orders();
    private final List<String> sent = new ArrayList<>();
    private final OrderSaga saga = new OrderSaga(orders, new Recorded(sent), null, new OrderChanges(),
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
