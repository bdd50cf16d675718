package dev.mosaic.orders.domain;

/** Where an order is in the saga; CONFIRMED and CANCELLED are the only end states. */
public enum OrderStatus {
    /** Accepted; waiting for the stock reservation. */
    PENDING,
    /** Stock reserved; waiting for the payment. */
    AWAITING_PAYMENT,
    CONFIRMED,
    CANCELLED;

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
