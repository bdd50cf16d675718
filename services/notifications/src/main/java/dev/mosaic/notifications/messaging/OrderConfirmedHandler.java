package dev.mosaic.notifications.messaging;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the order is confirmed. */
@ApplicationScoped
public class OrderConfirmedHandler implements EventHandler<OrderConfirmedHandler.OrderConfirmed> {

    public static final String TYPE = "dev.mosaic.order.confirmed.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record OrderConfirmed(String orderId, String customerId, MoneyPayload total) {

        void check() {
            Payloads.check(TYPE)
                    .text(orderId, "orderId", 64)
                    .text(customerId, "customerId", 128)
                    .money(total, "total")
                    .orThrow();
        }
    }

    private final NotificationService notifications;

    @Inject
    public OrderConfirmedHandler(NotificationService notifications) {
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
    public Class<OrderConfirmed> payloadType() {
        return OrderConfirmed.class;
    }

    @Override
    public void handle(OrderConfirmed payload, CloudEvent event) {
        payload.check();
        notifications.orderConfirmed(Payloads.origin(event), payload.orderId(), payload.customerId(),
                payload.total().toMoney());
    }
}
