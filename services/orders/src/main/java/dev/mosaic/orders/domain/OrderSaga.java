package dev.mosaic.orders.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import dev.mosaic.platform.data.AfterCommit;
import dev.mosaic.platform.core.DomainException;
import dev.mosaic.platform.core.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The order saga, orchestrated: its transitions, each one transaction that changes the order and writes the messages
 * it causes to the outbox (ADR 0005). Every transition checks the current state first, so a duplicate or late message
 * changes nothing. Reads are {@link OrderQueries}'.
 */
@ApplicationScoped
public class OrderSaga {

    private static final Logger LOG = Logger.getLogger(OrderSaga.class.getName());

    private final OrderRepository orders;
    private final SagaMessages messages;
    private final OrderMeters meters;
    private final OrderChanges changes;
    private final AfterCommit afterCommit;
    private final Duration stepTimeout;
    private final int maxAttempts;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public OrderSaga(OrderRepository orders, SagaMessages messages, OrderMeters meters, OrderChanges changes,
                        AfterCommit afterCommit,
                        @ConfigProperty(name = "orders.saga.step-timeout-ms", defaultValue = "10000") long stepTimeoutMillis,
                        @ConfigProperty(name = "orders.saga.max-attempts", defaultValue = "6") int maxAttempts) {
        this.orders = orders;
        this.messages = messages;
        this.meters = meters;
        this.changes = changes;
        this.afterCommit = afterCommit;
        this.stepTimeout = Duration.ofMillis(stepTimeoutMillis);
        this.maxAttempts = maxAttempts;
    }

    /** Stores a new PENDING order and announces it; the reservation follows outside this transaction. */
    @Transactional
    public Order accept(String customerId, List<OrderLine> lines, String paymentToken, String idempotencyKey,
                        String requestHash) {
        Instant now = clock.instant();
        Order order = new Order(UUID.randomUUID().toString(), customerId, lines, paymentToken, idempotencyKey,
                requestHash, now, now.plus(stepTimeout));
        // From here on the placement's log lines and the messages it sends name the order.
        RequestContext.subject(order.id());
        orders.add(order);
        messages.orderPlaced(order);
        meters.placed();
        return order;
    }

    /**
     * inventory's answer to the placement's own reservation call: moves the order on as the same answer by event would,
     * in one transaction, and gives the order as it stands after it (moved or not: inventory's event may have come
     * first). The placement answers the customer from it, without reading the order again.
     */
    @Transactional
    public Order onReservation(String orderId, StockReservations.Outcome outcome) {
        switch (outcome) {
            case RESERVED -> onStockReserved(orderId);
            case REJECTED, RELEASED -> onStockRejected(orderId);
            // The reservations client said why, once; the order waits for inventory's answer to the queued request.
            case UNAVAILABLE -> onStockUnavailable(orderId);
        }
        // The order locked above, from this transaction's persistence context: no second query.
        return orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId
                + " was moved on after its reservation and then not found in the same transaction"));
    }

    @Transactional
    public boolean onStockReserved(String orderId) {
        return transition(orderId, "stock reserved", order -> {
            if (!order.stockReserved(clock.instant(), clock.instant().plus(stepTimeout))) {
                return false;
            }
            messages.authorizePayment(order);
            return true;
        });
    }

    /** inventory could not be asked: the reservation goes through the outbox and the order waits for the answer. */
    @Transactional
    public boolean onStockUnavailable(String orderId) {
        return transition(orderId, "stock reservation deferred", order -> {
            if (order.status() != OrderStatus.PENDING) {
                return false;
            }
            messages.reserveStock(order);
            return true;
        });
    }

    @Transactional
    public boolean onStockRejected(String orderId) {
        return cancel(orderId, CancelReason.OUT_OF_STOCK);
    }

    @Transactional
    public boolean onPaymentAuthorized(String orderId) {
        return transition(orderId, "payment authorized", order -> {
            Instant now = clock.instant();
            if (order.paymentAuthorized(now)) {
                messages.orderConfirmed(order);
                meters.confirmed(order, now);
                return true;
            }
            if (order.status() == OrderStatus.CANCELLED) {
                // The money arrived after the order ended: give it back, so a cancelled order costs nothing.
                messages.refundPayment(order, "ORDER_ALREADY_CANCELLED");
            }
            return false;
        });
    }

    @Transactional
    public boolean onPaymentDeclined(String orderId) {
        return transition(orderId, "payment declined", order -> order.status() == OrderStatus.AWAITING_PAYMENT
                && cancelNow(order, CancelReason.PAYMENT_DECLINED));
    }

    /** The customer's cancel: compensates before confirmation, refunds after. Cancelling twice is harmless. */
    @Transactional
    public Order cancelByCustomer(String customerId, String orderId) {
        Order order = orders.lock(orderId).filter(o -> o.customerId().equals(customerId))
                .orElseThrow(() -> DomainException.notFound("order", orderId));
        OrderStatus before = order.status();
        if (cancelNow(order, CancelReason.CUSTOMER_CANCELLED)) {
            LOG.info(() -> "Order " + orderId + " " + before + " -> " + order.status() + " (cancelled by the customer)");
            announce(orderId);
        }
        return order;
    }

    /** Orders whose current step is overdue. */
    @Transactional
    public List<String> overdue(int limit) {
        return orders.overdue(clock.instant(), limit);
    }

    /** Retries an overdue step, or compensates once it has been tried {@code orders.saga.max-attempts} times. */
    @Transactional
    public void stepTimedOut(String orderId) {
        transition(orderId, "step timed out", order -> {
            Instant deadline = order.stepDeadline();
            if (order.status().isFinal() || deadline == null || deadline.isAfter(clock.instant())) {
                return false;
            }
            if (order.stepAttempts() + 1 >= maxAttempts) {
                LOG.warning("Order " + order.id() + " got no answer in " + order.status() + " after " + maxAttempts
                        + " attempts; cancelling it (TIMEOUT) and releasing what it holds");
                return cancelNow(order, CancelReason.TIMEOUT);
            }
            order.retryStep(clock.instant(), clock.instant().plus(stepTimeout));
            if (order.status() == OrderStatus.PENDING) {
                messages.reserveStock(order);
            } else {
                messages.authorizePayment(order);
            }
            LOG.info("Order " + order.id() + " had no answer in " + order.status() + "; asked again (attempt "
                    + (order.stepAttempts() + 1) + " of " + maxAttempts + ")");
            return true;
        });
    }

    private boolean cancel(String orderId, CancelReason why) {
        return transition(orderId, "cancel " + why, order -> cancelNow(order, why));
    }

    private boolean cancelNow(Order order, CancelReason why) {
        Instant now = clock.instant();
        boolean wasConfirmed = order.status() == OrderStatus.CONFIRMED;
        if (!order.cancel(why, now)) {
            return false;
        }
        messages.orderCancelled(order);
        meters.cancelled(order, why, wasConfirmed ? null : now);
        if (order.paymentRequested()) {
            messages.refundPayment(order, why.name());
        }
        return true;
    }

    private boolean transition(String orderId, String what, java.util.function.Predicate<Order> change) {
        Optional<Order> order = orders.lock(orderId);
        if (order.isEmpty()) {
            LOG.warning("Ignoring '" + what + "' for unknown order " + orderId);
            return false;
        }
        OrderStatus before = order.get().status();
        boolean changed = change.test(order.get());
        if (!changed) {
            LOG.fine(() -> "Ignoring '" + what + "' for order " + orderId + " in " + order.get().status());
        } else {
            LOG.info(() -> "Order " + orderId + " " + before + " -> " + order.get().status() + " (" + what + ")");
            announce(orderId);
        }
        return changed;
    }

    /** Once the change is committed, whoever waits on the order hears of it (never of a change rolled back). */
    private void announce(String orderId) {
        afterCommit.run(() -> changes.changed(orderId));
    }
}
