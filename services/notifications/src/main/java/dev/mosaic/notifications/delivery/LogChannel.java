package dev.mosaic.notifications.delivery;

import java.util.logging.Logger;

import dev.mosaic.notifications.domain.DeliveryChannel;
import dev.mosaic.notifications.domain.Notification;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivers by writing the message as one JSON log line (logger {@code dev.mosaic.notifications.delivery}):
 * the channel of a local run, where the log is where people look. E-mail or push would be another channel.
 */
@ApplicationScoped
public class LogChannel implements DeliveryChannel {

    private static final Logger DELIVERY = Logger.getLogger("dev.mosaic.notifications.delivery");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void deliver(Notification notification) {
        DELIVERY.info(() -> "To customer " + notification.customerId() + " about order " + notification.orderId()
                + " (" + notification.type() + ", notification " + notification.id() + "): " + notification.message());
    }
}
