package dev.mosaic.notifications.domain;

/** A way to reach the customer (log today; e-mail or push later). Throws when the message did not go out. */
public interface DeliveryChannel {

    /** The channel's name as recorded with each attempt, e.g. {@code log}. */
    String name();

    void deliver(Notification notification);
}
