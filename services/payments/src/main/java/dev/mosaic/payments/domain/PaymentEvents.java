package dev.mosaic.payments.domain;

/** What payments tells the rest of the system; published in the transaction of the decision. */
public interface PaymentEvents {

    void authorized(Payment payment);

    void declined(Payment payment, String reason);

    void refunded(Payment payment);
}
