package dev.mosaic.orders.domain;

/**
 * Commands and events the saga sends; each is written to the outbox in the transaction of the transition
 * that causes it. Implemented in the messaging package.
 */
public interface SagaMessages {

    void orderPlaced(Order order);

    void orderConfirmed(Order order);

    void orderCancelled(Order order);

    void reserveStock(Order order);

    void authorizePayment(Order order);

    /** @param reason a short code (the cancel reason, or ORDER_ALREADY_CANCELLED) */
    void refundPayment(Order order, String reason);
}
