package dev.mosaic.payments.api;

import java.time.Instant;

import dev.mosaic.payments.domain.Payment;

/** A payment as the API shows it; {@code amount} is absent for a VOIDED record, {@code reason} while authorized. */
public record PaymentView(String orderId, String paymentId, String customerId, String status, MoneyView amount,
                          String reason, Instant createdAt, Instant updatedAt) {

    static PaymentView of(Payment p) {
        return new PaymentView(p.orderId(), p.paymentId(), p.customerId(), p.status().name(),
                p.amount().map(MoneyView::of).orElse(null), p.reason(), p.createdAt(), p.updatedAt());
    }
}
