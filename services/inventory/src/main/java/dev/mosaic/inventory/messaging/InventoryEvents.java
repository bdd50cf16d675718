package dev.mosaic.inventory.messaging;

import static dev.mosaic.platform.messaging.EventHandler.on;

import java.util.List;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.messaging.OrderFacts.OrderCancelled;
import dev.mosaic.inventory.messaging.OrderFacts.OrderConfirmed;
import dev.mosaic.inventory.messaging.StockCommands.ReserveStock;
import dev.mosaic.platform.messaging.EventHandler;
import dev.mosaic.platform.messaging.EventSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What inventory does with the events it consumes (docs/saga.md): each one call into {@link InventoryService}. */
@ApplicationScoped
public class InventoryEvents implements EventSubscriptions {

    private final InventoryService inventory;

    @Inject
    public InventoryEvents(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public List<EventHandler<?>> handlers() {
        return List.of(
                on(StockCommands.TOPIC, ReserveStock.TYPE, ReserveStock.class,
                   command -> inventory.reserveAsked(command.orderId(), command.toLines())),
                on(OrderFacts.TOPIC, OrderConfirmed.TYPE, OrderConfirmed.class, order -> inventory.commit(order.orderId())),
                on(OrderFacts.TOPIC, OrderCancelled.TYPE, OrderCancelled.class, order -> inventory.release(order.orderId())));
    }
}
