package dev.mosaic.notifications.api;

import java.time.Instant;

import dev.mosaic.notifications.domain.Notification;

/** A notification as the customer's list shows it. */
public record NotificationView(String id, String orderId, String type, String message, Instant createdAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id(), n.orderId(), n.type().name(), n.message(), n.createdAt());
    }
}
