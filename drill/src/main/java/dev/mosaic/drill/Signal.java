package dev.mosaic.drill;

/**
 * Something a customer saw succeed, with the moment it was seen: how the drill tells that a service it broke works
 * again (the time to recover is from the restart command to the first such signal).
 */
public enum Signal {
    /** A product page came back: catalog (and the gateway) answer. */
    BROWSED("a product page is served"),
    /** A stock level came back: inventory answers the gateway. */
    STOCK_READ("a stock level is served"),
    /** A 202 for a new order: orders accepts. */
    ORDER_ACCEPTED("an order is accepted"),
    /** A 202 whose order already left PENDING: orders reserved at inventory synchronously (gRPC), not via the outbox. */
    RESERVED_AT_ONCE("an order is reserved synchronously"),
    /** An order seen CONFIRMED for the first time: payments authorized it and the saga ran over Kafka. */
    ORDER_CONFIRMED("an order is confirmed"),
    /** The customer's notifications came back: notifications answers. */
    NOTIFICATIONS_READ("notifications are served");

    private final String meaning;

    Signal(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
