package dev.mosaic.orders.domain;

import java.util.List;
import java.util.Optional;

import dev.mosaic.platform.core.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Orders as their readers ask for them: a customer's own, by idempotency key, and the newest for operators. */
@ApplicationScoped
public class OrderQueries {

    private final OrderRepository orders;

    @Inject
    public OrderQueries(OrderRepository orders) {
        this.orders = orders;
    }

    // Reads run outside a transaction (NOT_SUPPORTED): an order not in the shared cache has its lines and timeline
    // loaded by queries of their own, and inside a JTA transaction each would keep its pooled connection until the
    // end, so one listing could hold the whole pool while it waits for more. Outside, each query hands its connection
    // back at once. Transitions lock the order and read it again; a duplicate idempotency key is caught by the
    // database's unique key, not by this read.

    /** The order placed earlier with this idempotency key, if any. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<Order> byIdempotencyKey(String customerId, String key) {
        return key == null ? Optional.empty() : orders.byIdempotencyKey(customerId, key);
    }

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Order get(String customerId, String orderId) {
        return orders.find(orderId).filter(o -> o.customerId().equals(customerId))
                .orElseThrow(() -> DomainException.notFound("order", orderId));
    }

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public List<Order> mine(String customerId, int limit) {
        return orders.byCustomer(customerId, limit);
    }

    /**
     * Whether an answer about the order's stock could still move it: only a PENDING order waits for one, and no order
     * returns to PENDING. Read outside a transaction and without a lock, from committed state that may be older than
     * the database's (the shared cache; another instance's change) but never newer: false is final, true is decided
     * again under the order's lock. An order not found here may be committing still: true.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public boolean awaitsStock(String orderId) {
        return orders.find(orderId).map(o -> o.status() == OrderStatus.PENDING).orElse(true);
    }

    /** The newest orders of all customers, for operators; the caller checks that it is one. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public List<Order> newest(int limit) {
        return orders.newest(limit);
    }
}
