package dev.mosaic.inventory.messaging;

/**
 * The inventory's own copies of the {@code orders.events} payloads it reads (docs/saga.md). Only the order id
 * matters here; the other fields (customer, total, reason) are ignored, as any field added later will be.
 */
public final class OrderFacts {

    public static final String TOPIC = "orders.events";

    private OrderFacts() {
    }

    /** Payload of {@value #TYPE}: the order was paid, its reserved units are sold. */
    public record OrderConfirmed(String orderId) {
        public static final String TYPE = "dev.mosaic.order.confirmed.v1";
    }

    /** Payload of {@value #TYPE}: the order will not be fulfilled, its reserved units go back on sale. */
    public record OrderCancelled(String orderId) {
        public static final String TYPE = "dev.mosaic.order.cancelled.v1";
    }
}
