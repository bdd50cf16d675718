package dev.mosaic.payments.domain;

/** Where the one payment of an order stands. */
public enum PaymentStatus {
    /** The provider holds the amount for the order. */
    AUTHORIZED,
    /** The provider (or this service) refused; nothing was charged. */
    DECLINED,
    /** An authorized amount was given back. */
    REFUNDED,
    /** The order was refunded before any payment existed; a later authorize is declined. */
    VOIDED
}
