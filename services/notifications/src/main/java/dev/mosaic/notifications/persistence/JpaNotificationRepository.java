package dev.mosaic.notifications.persistence;

import java.util.List;
import java.util.Optional;

import dev.mosaic.notifications.domain.DeliveryAttempt;
import dev.mosaic.notifications.domain.Notification;
import dev.mosaic.notifications.domain.NotificationType;
import dev.mosaic.notifications.domain.PlacedOrder;
import dev.mosaic.notifications.domain.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The domain's {@link NotificationRepository} on JPA. */
@ApplicationScoped
public class JpaNotificationRepository implements NotificationRepository {

    @PersistenceContext
    EntityManager em;

    @Override
    public void add(Notification notification) {
        em.persist(notification);
    }

    @Override
    public void add(DeliveryAttempt attempt) {
        em.persist(attempt);
    }

    @Override
    public void add(PlacedOrder order) {
        em.persist(order);
    }

    @Override
    public Optional<PlacedOrder> placedOrder(String orderId) {
        return Optional.ofNullable(em.find(PlacedOrder.class, orderId));
    }

    @Override
    public Optional<Notification> byOrderAndType(String orderId, NotificationType type) {
        return em.createQuery("select n from Notification n where n.orderId = :order and n.type = :type", Notification.class)
                .setParameter("order", orderId)
                .setParameter("type", type)
                .getResultStream().findFirst();
    }

    @Override
    public List<Notification> ofCustomer(String customerId, int limit) {
        return em.createQuery("select n from Notification n where n.customerId = :customer "
                        + "order by n.createdAt desc, n.id desc", Notification.class)
                .setParameter("customer", customerId)
                .setMaxResults(limit)
                .getResultList();
    }
}
