package dev.mosaic.inventory.messaging;

/**
 * The inventory's own copies of the {@code orders.events} payloads it reads (docs/saga.md). Only the order id
 * matters here; the other fields (customer, total, reason) are ignored, as any field added later will be.
 */
public final class OrderFacts {

    public static final String TOPIC = "orders.events";

    private OrderFacts() {
    }

    /** Payload of {@code dev.mosaic.order.confirmed.v1}. */
    public record OrderConfirmed(String orderId) {
    }

    /** Payload of {@code dev.mosaic.order.cancelled.v1}. */
    public record OrderCancelled(String orderId) {
    }
}
