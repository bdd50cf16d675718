package dev.mosaic.payments.domain;

/** A request to give back whatever was taken for an order (or to make sure nothing will be); already validated. */
public record RefundPayment(String orderId, String customerId, String reason) {
}
