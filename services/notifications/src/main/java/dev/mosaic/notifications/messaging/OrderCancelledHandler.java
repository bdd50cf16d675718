package dev.mosaic.notifications.messaging;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the order is cancelled, and why. */
@ApplicationScoped
public class OrderCancelledHandler implements EventHandler<OrderCancelledHandler.OrderCancelled> {

    public static final String TYPE = "dev.mosaic.order.cancelled.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record OrderCancelled(String orderId, String customerId, String reason, MoneyPayload total) {

        void check() {
            Payloads.check(TYPE)
                    .text(orderId, "orderId", 64)
                    .text(customerId, "customerId", 128)
                    .orThrow();
        }
    }

    private final NotificationService notifications;

    @Inject
    public OrderCancelledHandler(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return "orders.events";
    }

    @Override
    public Class<OrderCancelled> payloadType() {
        return OrderCancelled.class;
    }

    @Override
    public void handle(OrderCancelled payload, CloudEvent event) {
        payload.check();
        notifications.orderCancelled(Payloads.origin(event), payload.orderId(), payload.customerId(),
                payload.reason());
    }
}
