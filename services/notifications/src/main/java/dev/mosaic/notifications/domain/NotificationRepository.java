package dev.mosaic.notifications.domain;

import java.util.List;
import java.util.Optional;

/**
 * Notifications, their delivery attempts and the placed-order replica, in the service's own database. The domain's
 * port: the domain says what it needs, persistence (JPA) provides it.
 */
public interface NotificationRepository {

    void add(Notification notification);

    void add(DeliveryAttempt attempt);

    void add(PlacedOrder order);

    Optional<PlacedOrder> placedOrder(String orderId);

    Optional<Notification> byOrderAndType(String orderId, NotificationType type);

    List<Notification> ofCustomer(String customerId, int limit);
}
