package dev.mosaic.notifications.persistence;

import java.util.List;
import java.util.Optional;

import dev.mosaic.notifications.domain.DeliveryAttempt;
import dev.mosaic.notifications.domain.Notification;
import dev.mosaic.notifications.domain.NotificationType;
import dev.mosaic.notifications.domain.PlacedOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Notifications, their delivery attempts and the placed-order replica, in the service's own database. */
@ApplicationScoped
public class NotificationRepository {

    @PersistenceContext
    EntityManager em;

    public void add(Notification notification) {
        em.persist(notification);
    }

    public void add(DeliveryAttempt attempt) {
        em.persist(attempt);
    }

    public void add(PlacedOrder order) {
        em.persist(order);
    }

    public Optional<PlacedOrder> placedOrder(String orderId) {
        return Optional.ofNullable(em.find(PlacedOrder.class, orderId));
    }

    public Optional<Notification> bySourceEvent(String source, String eventId) {
        return em.createQuery("select n from Notification n where n.eventSource = :source and n.eventId = :id",
                        Notification.class)
                .setParameter("source", source)
                .setParameter("id", eventId)
                .getResultStream().findFirst();
    }

    public Optional<Notification> byOrderAndType(String orderId, NotificationType type) {
        return em.createQuery("select n from Notification n where n.orderId = :order and n.type = :type", Notification.class)
                .setParameter("order", orderId)
                .setParameter("type", type)
                .getResultStream().findFirst();
    }

    public List<Notification> ofCustomer(String customerId, int limit) {
        return em.createQuery("select n from Notification n where n.customerId = :customer "
                        + "order by n.createdAt desc, n.id desc", Notification.class)
                .setParameter("customer", customerId)
                .setMaxResults(limit)
                .getResultList();
    }
}
