package dev.mosaic.orders.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.mosaic.orders.domain.Order;
import dev.mosaic.orders.domain.OrderStatus;
import dev.mosaic.orders.domain.OrderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** The domain's {@link OrderRepository} on JPA. */
@ApplicationScoped
public class JpaOrderRepository implements OrderRepository {

    @PersistenceContext
    EntityManager em;

    @Override
    public Optional<Order> find(String id) {
        return Optional.ofNullable(em.find(Order.class, id));
    }

    @Override
    public Optional<Order> lock(String id) {
        return Optional.ofNullable(em.find(Order.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void add(Order order) {
        em.persist(order);
        // Surface a duplicate idempotency key here, inside the caller's try, not at commit.
        em.flush();
    }

    @Override
    public Optional<Order> byIdempotencyKey(String customerId, String key) {
        return em.createQuery("select o from Order o where o.customerId = :c and o.idempotencyKey = :k", Order.class)
                .setParameter("c", customerId).setParameter("k", key)
                .getResultStream().findFirst();
    }

    @Override
    public List<Order> byCustomer(String customerId, int limit) {
        return em.createQuery("select o from Order o where o.customerId = :c order by o.createdAt desc, o.id", Order.class)
                .setParameter("c", customerId).setMaxResults(limit).getResultList();
    }

    @Override
    public List<Order> newest(int limit) {
        return em.createQuery("select o from Order o order by o.createdAt desc, o.id", Order.class)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public List<String> overdue(Instant now, int limit) {
        return em.createQuery("select o.id from Order o where o.status in :open and o.stepDeadline < :now "
                        + "order by o.stepDeadline", String.class)
                .setParameter("open", List.of(OrderStatus.PENDING, OrderStatus.AWAITING_PAYMENT))
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setMaxResults(limit).getResultList();
    }
}
