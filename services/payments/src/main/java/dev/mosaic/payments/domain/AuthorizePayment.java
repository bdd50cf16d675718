package dev.mosaic.payments.domain;

/** A request to take {@code amount} for an order with the card behind {@code paymentToken}; already validated. */
public record AuthorizePayment(String orderId, String customerId, Money amount, String paymentToken) {

    public AuthorizePayment {
        if (amount.amount() <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount.amount());
        }
    }
}
