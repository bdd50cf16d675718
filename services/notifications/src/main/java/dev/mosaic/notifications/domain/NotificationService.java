package dev.mosaic.notifications.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Turns what happened to an order into a message for its customer: renders it, stores it once per source event
 * and delivers it, recording the attempt, all in one transaction. A failed delivery is recorded, not retried
 * here: the notification is kept and listed either way.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class.getName());

    private final NotificationRepository notifications;
    private final DeliveryChannel channel;
    private final NotificationMeters meters;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public NotificationService(NotificationRepository notifications, DeliveryChannel channel, NotificationMeters meters) {
        this.notifications = notifications;
        this.channel = channel;
        this.meters = meters;
    }

    @Transactional
    public Notification orderPlaced(SourceEvent source, String orderId, String customerId, int items, Money total) {
        if (notifications.placedOrder(orderId).isEmpty()) {
            notifications.add(new PlacedOrder(orderId, items, Instant.now(clock)));
        }
        return notify(source, customerId, orderId, NotificationType.ORDER_PLACED,
                Messages.orderPlaced(orderId, items, total));
    }

    @Transactional
    public Notification orderConfirmed(SourceEvent source, String orderId, String customerId, Money total) {
        Integer items = notifications.placedOrder(orderId).map(PlacedOrder::itemCount).orElse(null);
        return notify(source, customerId, orderId, NotificationType.ORDER_CONFIRMED,
                Messages.orderConfirmed(orderId, items, total));
    }

    @Transactional
    public Notification orderCancelled(SourceEvent source, String orderId, String customerId, String reason) {
        return notify(source, customerId, orderId, NotificationType.ORDER_CANCELLED,
                Messages.orderCancelled(orderId, reason));
    }

    @Transactional
    public Notification paymentAuthorized(SourceEvent source, String orderId, String customerId, Money amount) {
        return notify(source, customerId, orderId, NotificationType.PAYMENT_AUTHORIZED,
                Messages.paymentAuthorized(orderId, amount));
    }

    @Transactional
    public Notification paymentDeclined(SourceEvent source, String orderId, String customerId, String reason) {
        return notify(source, customerId, orderId, NotificationType.PAYMENT_DECLINED,
                Messages.paymentDeclined(orderId, reason));
    }

    @Transactional
    public Notification paymentRefunded(SourceEvent source, String orderId, String customerId, Money amount) {
        return notify(source, customerId, orderId, NotificationType.PAYMENT_REFUNDED,
                Messages.paymentRefunded(orderId, amount));
    }

    /** A customer's notifications, newest first. */
    @Transactional
    public List<Notification> ofCustomer(String customerId, int limit) {
        return notifications.ofCustomer(customerId, limit);
    }

    private Notification notify(SourceEvent source, String customerId, String orderId, NotificationType type,
                                String message) {
        // The inbox normally keeps duplicates away; this (and the unique key under it) holds without it too. An event
        // delivered twice is one fact of one order, and so is a fact that arrives again as a new event (payments
        // answers a retried command once more): a customer hears about each fact of an order once.
        var told = notifications.byOrderAndType(orderId, type);
        if (told.isPresent()) {
            LOG.info(() -> "Customer " + customerId + " was told " + type + " about order " + orderId + " already (event "
                    + source.id() + " from " + source.source() + "); not again");
            return told.get();
        }
        Instant now = Instant.now(clock);
        Notification notification = new Notification(source, customerId, orderId, type, message, now);
        notifications.add(notification);
        DeliveryAttempt attempt = deliver(notification, now);
        notifications.add(attempt);
        meters.delivered(type, attempt);
        return notification;
    }

    private DeliveryAttempt deliver(Notification notification, Instant now) {
        try {
            channel.deliver(notification);
            return DeliveryAttempt.sent(notification, channel.name(), now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering notification " + notification.id() + " over " + channel.name()
                    + " failed: " + e + "; it is stored and listed, the attempt recorded as FAILED");
            return DeliveryAttempt.failed(notification, channel.name(), String.valueOf(e.getMessage()), now);
        }
    }
}
