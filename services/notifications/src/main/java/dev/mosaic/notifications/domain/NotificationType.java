package dev.mosaic.notifications.domain;

/** What a notification is about; clients pick an icon or a template by it. */
public enum NotificationType {
    ORDER_PLACED,
    ORDER_CONFIRMED,
    ORDER_CANCELLED,
    PAYMENT_AUTHORIZED,
    PAYMENT_DECLINED,
    PAYMENT_REFUNDED
}
