package dev.mosaic.orders.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Orders in the orders database. The domain's port: the domain says what it needs, persistence (JPA) provides it. */
public interface OrderRepository {

    Optional<Order> find(String id);

    /**
     * The order, locked until the transaction ends: its saga transitions (the placing request, inventory's and
     * payments' answers, the timeout sweep) then run one after the other instead of failing on each other.
     */
    Optional<Order> lock(String id);

    void add(Order order);

    Optional<Order> byIdempotencyKey(String customerId, String key);

    List<Order> byCustomer(String customerId, int limit);

    /** Everyone's orders, newest first: for operators. */
    List<Order> newest(int limit);

    List<String> overdue(Instant now, int limit);
}
