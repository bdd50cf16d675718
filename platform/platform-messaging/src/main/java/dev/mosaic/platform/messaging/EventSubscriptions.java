package dev.mosaic.platform.messaging;

import java.util.List;

/**
 * The events a service consumes, in one place: each a line made by {@link EventHandler#on}, naming the topic that
 * owns the type, the type, the service's own copy of the payload, and the domain call it becomes. A service makes
 * one CDI bean of it (or one per area); the {@link EventDispatcher} takes every handler they list.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class InventoryEvents implements EventSubscriptions {
 *     @Inject InventoryService inventory;
 *
 *     public List<EventHandler<?>> handlers() {
 *         return List.of(on("orders.events", OrderConfirmed.TYPE, OrderConfirmed.class, p -> inventory.commit(p.orderId())));
 *     }
 * }
 * }</pre>
 */
public interface EventSubscriptions {

    /** The handlers, one per event type; asked once, when the dispatcher starts. */
    List<EventHandler<?>> handlers();
}
