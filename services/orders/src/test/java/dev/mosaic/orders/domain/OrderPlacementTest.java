package dev.mosaic.orders.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.platform.core.FieldError;
import dev.mosaic.platform.core.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The placement rules, without a container: pricing, refusals, idempotency keys, and what inventory's synchronous
 * answer does next. The saga's transitions themselves are recorded, not run (OrderTest covers them).
 */
class OrderPlacementTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final Map<String, Money> catalog = new HashMap<>(Map.of(
            "COF-ETH-250", new Money(1290, "EUR"), "TEA-SEN-100", new Money(990, "EUR"),
            "FREE-1", new Money(0, "EUR"), "NEG-1", new Money(-5, "EUR"), "USD-1", new Money(500, "USD")));
    private final Saga saga = new Saga();
    private StockReservations.Outcome answer = StockReservations.Outcome.RESERVED;
    private final List<String> reserved = new ArrayList<>();
    private final OrderPlacement placement = new OrderPlacement(saga, new OrderQueries(saga.stored),
            sku -> Optional.ofNullable(catalog.get(sku)),
            (orderId, lines) -> {
                reserved.add(orderId);
                return answer;
            });

    /** Records what placement asks of the saga; keeps accepted orders by idempotency key as the database would. */
    private static final class Saga extends OrderSaga {
        final List<String> calls = new ArrayList<>();
        final Map<String, Order> byKey = new HashMap<>();
        RuntimeException failAccept;
        RuntimeException failTransition;
        int placed;

        Saga() {
            super(null, null, null, null, null, 10_000, 6);
        }

        @Override
        public Order accept(String customerId, List<OrderLine> lines, String paymentToken, String key, String hash) {
            Order order = new Order("order-" + ++placed, customerId, lines, paymentToken, key, hash, NOW, NOW);
            if (key != null) {
                byKey.put(customerId + "/" + key, order);
            }
            if (failAccept != null) {
                throw failAccept;
            }
            calls.add("accept");
            return order;
        }

        /** The order as the last answer left it: a copy of its own, as a transaction's would be. */
        Order answered;

        @Override
        public Order onReservation(String orderId, StockReservations.Outcome outcome) {
            calls.add("answer " + outcome);
            if (failTransition != null) {
                throw failTransition;
            }
            Order stored = this.stored.find(orderId).orElseThrow();
            answered = new Order(orderId, stored.customerId(), stored.lines(), "tok_ok", stored.idempotencyKey(),
                    stored.requestHash(), NOW, NOW);
            return answered;
        }

        /** What the database would answer for the orders accepted above (an order without a key, too). */
        final OrderRepository stored = new OrderRepository() {
            @Override
            public Optional<Order> find(String id) {
                return byKey.values().stream().filter(o -> o.id().equals(id)).findFirst()
                        .or(() -> Optional.of(new Order(id, "c-1", List.of(new OrderLine("X-1", 1, new Money(1, "EUR"))),
                                "tok_ok", null, "h", NOW, NOW)));
            }

            @Override
            public Optional<Order> byIdempotencyKey(String customerId, String key) {
                return Optional.ofNullable(byKey.get(customerId + "/" + key));
            }

            @Override
            public Optional<Order> lock(String id) {
                throw new UnsupportedOperationException("placement never locks an order itself");
            }

            @Override
            public void add(Order order) {
                throw new UnsupportedOperationException("placement stores orders through the saga");
            }

            @Override
            public List<Order> byCustomer(String customerId, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Order> newest(int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> overdue(Instant now, int limit) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private OrderPlacement.Placed place(String key, LineRequest... lines) {
        return placement.place("c-1", List.of(lines), "tok_ok", key);
    }

    @ParameterizedTest(name = "inventory answers {0}: the saga is given the answer, and the customer the order it left")
    @EnumSource(StockReservations.Outcome.class)
    void aPricedOrderIsStoredThenReservedAndInventorysAnswerMovesItOn(StockReservations.Outcome outcome) {
        answer = outcome;

        OrderPlacement.Placed placed = place("key-1", new LineRequest("COF-ETH-250", 2), new LineRequest("TEA-SEN-100", 1));

        assertThat(placed.replayed()).isFalse();
        assertThat(saga.calls).containsExactly("accept", "answer " + outcome);
        assertThat(placed.order()).as("not read again after the answer").isSameAs(saga.answered);
        assertThat(reserved).containsExactly(placed.order().id());
        assertThat(placed.order().total()).isEqualTo(new Money(2 * 1290 + 990, "EUR"));
        assertThat(placed.order().lines()).extracting(OrderLine::unitPrice)
                .containsExactly(new Money(1290, "EUR"), new Money(990, "EUR"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown sku                 | NO-SUCH-1   | lines[1].sku | no product 'NO-SUCH-1'",
            "a product priced at zero       | FREE-1      | lines[1].sku | has no valid price (0)",
            "a product with a negative price | NEG-1      | lines[1].sku | has no valid price (-5)",
            "a second currency              | USD-1       | lines        | different currencies",
    })
    void anOrderThatCouldNeverBePaidIsRefusedBeforeAnythingIsStoredOrReserved(String what, String sku, String field,
                                                                             String message) {
        DomainException.Invalid refusal = catchThrowableOfType(DomainException.Invalid.class,
                () -> place("key-1", new LineRequest("COF-ETH-250", 1), new LineRequest(sku, 1)));

        assertThat(refusal.errors()).extracting(FieldError::field).containsExactly(field);
        assertThat(refusal.errors().getFirst().message()).contains(message);
        assertThat(saga.calls).isEmpty();
        assertThat(reserved).isEmpty();
    }

    @Test
    void everyUnpricedLineIsNamedInOneRefusal() {
        DomainException.Invalid refusal = catchThrowableOfType(DomainException.Invalid.class, () -> place(null,
                new LineRequest("NO-SUCH-1", 1), new LineRequest("COF-ETH-250", 1), new LineRequest("FREE-1", 1)));

        assertThat(refusal.errors()).extracting(FieldError::field).containsExactly("lines[0].sku", "lines[2].sku");
    }

    @ParameterizedTest(name = "the same key again with {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "the same lines and token | replayed",
            "another quantity         | conflict",
            "another sku              | conflict",
            "another payment token    | conflict",
    })
    void anIdempotencyKeyAnswersTheSameRequestWithItsOrderAndRefusesADifferentOne(String again, String outcome) {
        OrderPlacement.Placed first = place("key-1", new LineRequest("COF-ETH-250", 2));
        List<LineRequest> lines = switch (again) {
            case "another quantity" -> List.of(new LineRequest("COF-ETH-250", 3));
            case "another sku" -> List.of(new LineRequest("TEA-SEN-100", 2));
            default -> List.of(new LineRequest("COF-ETH-250", 2));
        };
        String token = again.equals("another payment token") ? "tok_decline" : "tok_ok";

        if (outcome.equals("replayed")) {
            OrderPlacement.Placed replay = placement.place("c-1", lines, token, "key-1");
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.order().id()).isEqualTo(first.order().id());
        } else {
            DomainException.Conflict conflict = catchThrowableOfType(DomainException.Conflict.class,
                    () -> placement.place("c-1", lines, token, "key-1"));
            assertThat(conflict).isNotNull();
            assertThat(conflict.getMessage()).contains("key-1").contains(first.order().id());
        }
        assertThat(saga.calls).containsExactly("accept", "answer RESERVED");
        assertThat(reserved).hasSize(1);
    }

    @Test
    void aKeyIsPerCustomerAndNoKeyMeansANewOrderEachTime() {
        OrderPlacement.Placed mine = place("key-1", new LineRequest("COF-ETH-250", 1));
        OrderPlacement.Placed theirs = placement.place("c-2", List.of(new LineRequest("COF-ETH-250", 1)), "tok_ok", "key-1");
        OrderPlacement.Placed a = place(null, new LineRequest("COF-ETH-250", 1));
        OrderPlacement.Placed b = place(null, new LineRequest("COF-ETH-250", 1));

        assertThat(List.of(mine, theirs, a, b)).noneMatch(OrderPlacement.Placed::replayed);
        assertThat(reserved).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void twoRequestsRacingWithOneKeyBothAnswerWithTheOrderThatWon() {
        saga.failAccept = new IllegalStateException("unique key violated");

        OrderPlacement.Placed loser = place("key-1", new LineRequest("COF-ETH-250", 2));

        assertThat(loser.replayed()).isTrue();
        assertThat(reserved).isEmpty();
    }

    @Test
    void aFailedAcceptWithoutAWinnerIsNotHidden() {
        saga.failAccept = new IllegalStateException("database down");

        assertThatThrownBy(() -> place(null, new LineRequest("COF-ETH-250", 2))).hasMessage("database down");
        assertThat(reserved).isEmpty();
    }

    @Test
    void anOrderStoredAndReservedStandsEvenIfMovingItOnFails() {
        saga.failTransition = new IllegalStateException("optimistic lock lost to inventory's event");

        OrderPlacement.Placed placed = place("key-1", new LineRequest("COF-ETH-250", 2));

        assertThat(placed.replayed()).isFalse();
        assertThat(saga.calls).containsExactly("accept", "answer RESERVED");
    }
}
