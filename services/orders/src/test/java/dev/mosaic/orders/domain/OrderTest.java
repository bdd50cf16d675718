package dev.mosaic.orders.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order's state machine: which message moves it from which state, and what a refused one leaves behind. */
class OrderTest {

    private static final Instant PLACED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = PLACED.plusSeconds(5);
    private static final Instant DEADLINE = LATER.plusSeconds(10);

    private static Order placed() {
        return new Order("o-1", "c-1", List.of(new OrderLine("COF-ETH-250", 2, new Money(1290, "EUR")),
                new OrderLine("TEA-SEN-100", 1, new Money(990, "EUR"))), "tok_ok", "key-1", "hash", PLACED,
                PLACED.plusSeconds(10));
    }

    /** A new order brought to {@code status} the way the saga would. */
    private static Order in(String status) {
        Order o = placed();
        switch (status) {
            case "PENDING" -> { }
            case "AWAITING_PAYMENT" -> o.stockReserved(PLACED, PLACED.plusSeconds(10));
            case "CONFIRMED" -> {
                o.stockReserved(PLACED, PLACED.plusSeconds(10));
                o.paymentAuthorized(PLACED);
            }
            case "CANCELLED" -> o.cancel(CancelReason.OUT_OF_STOCK, PLACED);
            default -> throw new IllegalArgumentException(status);
        }
        return o;
    }

    private static boolean apply(Order o, String event) {
        return switch (event) {
            case "stock reserved" -> o.stockReserved(LATER, DEADLINE);
            case "payment authorized" -> o.paymentAuthorized(LATER);
            default -> o.cancel(CancelReason.valueOf(event.substring("cancel ".length())), LATER);
        };
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            // from, event, to (the same status when refused), whether it moved
            "PENDING,          stock reserved,            AWAITING_PAYMENT, true",
            "PENDING,          payment authorized,        PENDING,          false",
            "PENDING,          cancel OUT_OF_STOCK,       CANCELLED,        true",
            "PENDING,          cancel TIMEOUT,            CANCELLED,        true",
            "PENDING,          cancel CUSTOMER_CANCELLED, CANCELLED,        true",
            "AWAITING_PAYMENT, stock reserved,            AWAITING_PAYMENT, false",
            "AWAITING_PAYMENT, payment authorized,        CONFIRMED,        true",
            "AWAITING_PAYMENT, cancel PAYMENT_DECLINED,   CANCELLED,        true",
            "AWAITING_PAYMENT, cancel TIMEOUT,            CANCELLED,        true",
            "AWAITING_PAYMENT, cancel CUSTOMER_CANCELLED, CANCELLED,        true",
            "CONFIRMED,        stock reserved,            CONFIRMED,        false",
            "CONFIRMED,        payment authorized,        CONFIRMED,        false",
            "CONFIRMED,        cancel CUSTOMER_CANCELLED, CANCELLED,        true",
            "CONFIRMED,        cancel PAYMENT_DECLINED,   CONFIRMED,        false",
            "CONFIRMED,        cancel TIMEOUT,            CONFIRMED,        false",
            "CONFIRMED,        cancel OUT_OF_STOCK,       CONFIRMED,        false",
            "CANCELLED,        stock reserved,            CANCELLED,        false",
            "CANCELLED,        payment authorized,        CANCELLED,        false",
            "CANCELLED,        cancel CUSTOMER_CANCELLED, CANCELLED,        false",
            "CANCELLED,        cancel TIMEOUT,            CANCELLED,        false",
    })
    void eachMessageMovesTheOrderOnlyFromTheStatesThatExpectIt(String from, String event, OrderStatus to, boolean moved) {
        Order o = in(from);
        CancelReason reasonBefore = o.reason();
        int stepsBefore = o.transitions().size();

        assertThat(apply(o, event)).isEqualTo(moved);

        assertThat(o.status()).isEqualTo(to);
        assertThat(o.transitions()).hasSize(stepsBefore + (moved ? 1 : 0));
        assertThat(o.transitions().getLast().status()).isEqualTo(to);
        if (moved) {
            assertThat(o.updatedAt()).isEqualTo(LATER);
            assertThat(o.stepAttempts()).isZero();
            assertThat(o.reason()).isEqualTo(to == OrderStatus.CANCELLED ? CancelReason.valueOf(event.substring(7)) : null);
            assertThat(o.stepDeadline()).isEqualTo(to == OrderStatus.AWAITING_PAYMENT ? DEADLINE : null);
        } else {
            assertThat(o.reason()).as("a refused message leaves the reason").isEqualTo(reasonBefore);
        }
    }

    @Test
    void noMessageAndNoRetryEverBringsAnOrderBackToPending() {
        // What lets a stock answer be found settled without a lock (OrderQueries.awaitsStock, docs/adr/0021): once
        // past PENDING, an order stays past it.
        for (String from : List.of("AWAITING_PAYMENT", "CONFIRMED", "CANCELLED")) {
            for (String event : List.of("stock reserved", "payment authorized", "cancel OUT_OF_STOCK", "cancel TIMEOUT",
                    "cancel PAYMENT_DECLINED", "cancel CUSTOMER_CANCELLED", "retry")) {
                Order o = in(from);
                if (event.equals("retry")) {
                    o.retryStep(LATER, DEADLINE);
                } else {
                    apply(o, event);
                }
                assertThat(o.status()).as(from + " + " + event).isNotEqualTo(OrderStatus.PENDING);
            }
        }
    }

    @Test
    void aNewOrderIsPendingTotalledWithItsFirstStepDue() {
        Order o = placed();

        assertThat(o.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(o.total()).isEqualTo(new Money(2 * 1290 + 990, "EUR"));
        assertThat(o.transitions()).extracting(OrderTransition::status).containsExactly(OrderStatus.PENDING);
        assertThat(o.stepDeadline()).isEqualTo(PLACED.plusSeconds(10));
        assertThat(o.paymentRequested()).isFalse();
        assertThat(o.reason()).isNull();
    }

    @ParameterizedTest(name = "payment requested once in {0}: {1}")
    @CsvSource({"PENDING, false", "AWAITING_PAYMENT, true", "CONFIRMED, true", "CANCELLED, false"})
    void aPaymentMayExistOnlyOnceStockWasReserved(String status, boolean requested) {
        Order o = in(status);

        assertThat(o.paymentRequested()).isEqualTo(requested);
        // A cancel after the payment was asked for keeps saying so: the refund depends on it.
        o.cancel(CancelReason.CUSTOMER_CANCELLED, LATER);
        assertThat(o.paymentRequested()).isEqualTo(requested);
    }

    @Test
    void aRetriedStepCountsItsAttemptsUntilTheNextTransition() {
        Order o = placed();

        o.retryStep(LATER, DEADLINE);
        o.retryStep(LATER, DEADLINE.plus(Duration.ofSeconds(10)));

        assertThat(o.stepAttempts()).isEqualTo(2);
        assertThat(o.stepDeadline()).isEqualTo(DEADLINE.plus(Duration.ofSeconds(10)));
        assertThat(o.transitions()).hasSize(1);
        o.stockReserved(LATER, DEADLINE);
        assertThat(o.stepAttempts()).isZero();
    }

    @Test
    void anOrderNeedsLinesInOneCurrencyAndATotalThatFits() {
        assertThatThrownBy(() -> new Order("o", "c", List.of(), "t", null, "h", PLACED, PLACED))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> new Order("o", "c", List.of(new OrderLine("A-1", 1, new Money(1, "EUR")),
                new OrderLine("B-1", 1, new Money(1, "USD"))), "t", null, "h", PLACED, PLACED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD");
        assertThatThrownBy(() -> new Order("o", "c", List.of(new OrderLine("A-1", 2, new Money(Long.MAX_VALUE / 2 + 1, "EUR"))),
                "t", null, "h", PLACED, PLACED)).isInstanceOf(ArithmeticException.class);
    }
}
