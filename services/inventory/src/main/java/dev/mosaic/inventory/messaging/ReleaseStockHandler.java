package dev.mosaic.inventory.messaging;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code stock.release} command from orders: release. */
@ApplicationScoped
public class ReleaseStockHandler implements EventHandler<StockCommands.OrderRef> {

    public static final String TYPE = "dev.mosaic.stock.release.v1";

    private final InventoryService inventory;

    @Inject
    public ReleaseStockHandler(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return "inventory.commands";
    }

    @Override
    public Class<StockCommands.OrderRef> payloadType() {
        return StockCommands.OrderRef.class;
    }

    @Override
    public void handle(StockCommands.OrderRef payload, CloudEvent event) {
        inventory.release(payload.orderId());
    }
}
