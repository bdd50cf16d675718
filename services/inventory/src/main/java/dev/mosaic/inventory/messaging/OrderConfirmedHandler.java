package dev.mosaic.inventory.messaging;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An order was confirmed (paid): its reserved units are sold. */
@ApplicationScoped
public class OrderConfirmedHandler implements EventHandler<OrderFacts.OrderConfirmed> {

    public static final String TYPE = "dev.mosaic.order.confirmed.v1";

    private final InventoryService inventory;

    @Inject
    public OrderConfirmedHandler(InventoryService inventory) {
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
    public Class<OrderFacts.OrderConfirmed> payloadType() {
        return OrderFacts.OrderConfirmed.class;
    }

    @Override
    public void handle(OrderFacts.OrderConfirmed payload, CloudEvent event) {
        inventory.commit(payload.orderId());
    }
}
