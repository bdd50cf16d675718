package dev.mosaic.notifications.messaging;

import java.util.List;

import dev.mosaic.notifications.domain.NotificationService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@value #TYPE}: tell the customer the order was received, with its items and total. */
@ApplicationScoped
public class OrderPlacedHandler implements EventHandler<OrderPlacedHandler.OrderPlaced> {

    public static final String TYPE = "dev.mosaic.order.placed.v1";

    /** This service's copy of the event's payload (docs/saga.md); unknown fields are ignored. */
    public record OrderPlaced(String orderId, String customerId, List<Line> lines, MoneyPayload total) {

        /** One order line; only the quantity matters here. */
        public record Line(String sku, Integer quantity, MoneyPayload unitPrice) {

            boolean hasQuantity() {
                return quantity != null && quantity > 0;
            }
        }

        void check() {
            Payloads.check(TYPE)
                    .text(orderId, "orderId", 64)
                    .text(customerId, "customerId", 128)
                    .that(lines != null && !lines.isEmpty(), "lines must list at least one line")
                    .that(lines == null || lines.stream().allMatch(l -> l != null && l.hasQuantity()),
                            "every line needs a positive quantity")
                    .money(total, "total")
                    .orThrow();
        }

        /** Units ordered, over all lines: what a customer counts as "items". */
        int items() {
            return lines.stream().mapToInt(Line::quantity).sum();
        }
    }

    private final NotificationService notifications;

    @Inject
    public OrderPlacedHandler(NotificationService notifications) {
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
    public Class<OrderPlaced> payloadType() {
        return OrderPlaced.class;
    }

    @Override
    public void handle(OrderPlaced payload, CloudEvent event) {
        payload.check();
        notifications.orderPlaced(Payloads.origin(event), payload.orderId(), payload.customerId(), payload.items(),
                payload.total().toMoney());
    }
}
