package dev.mosaic.orders.domain;

/** Why an order ended CANCELLED. */
public enum CancelReason {
    OUT_OF_STOCK, PAYMENT_DECLINED, TIMEOUT, CUSTOMER_CANCELLED
}
