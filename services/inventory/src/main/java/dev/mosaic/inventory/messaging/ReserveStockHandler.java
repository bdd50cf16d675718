package dev.mosaic.inventory.messaging;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code stock.reserve} command from orders (its asynchronous path when the gRPC call failed): reserve. */
@ApplicationScoped
public class ReserveStockHandler implements EventHandler<StockCommands.ReserveStock> {

    public static final String TYPE = "dev.mosaic.stock.reserve.v1";

    private final InventoryService inventory;

    @Inject
    public ReserveStockHandler(InventoryService inventory) {
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
    public Class<StockCommands.ReserveStock> payloadType() {
        return StockCommands.ReserveStock.class;
    }

    @Override
    public void handle(StockCommands.ReserveStock payload, CloudEvent event) {
        inventory.reserveAsked(payload.orderId(), payload.toLines());
    }
}
