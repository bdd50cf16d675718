package dev.mosaic.inventory.messaging;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An order was cancelled, whatever the reason: its units go back on the shelf (or a tombstone stops a late reserve). */
@ApplicationScoped
public class OrderCancelledHandler implements EventHandler<OrderFacts.OrderCancelled> {

    public static final String TYPE = "dev.mosaic.order.cancelled.v1";

    private final InventoryService inventory;

    @Inject
    public OrderCancelledHandler(InventoryService inventory) {
        this.inventory = inventory;
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
    public Class<OrderFacts.OrderCancelled> payloadType() {
        return OrderFacts.OrderCancelled.class;
    }

    @Override
    public void handle(OrderFacts.OrderCancelled payload, CloudEvent event) {
        inventory.release(payload.orderId());
    }
}
