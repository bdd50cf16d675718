package dev.mosaic.payments.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The one payment of an order: what was asked, what the provider answered, and whether it was given back. */
@Entity
@Table(name = "payment")
public class Payment {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Column(name = "payment_id")
    private String paymentId;
    @Column(name = "customer_id")
    private String customerId;
    @Enumerated(EnumType.STRING)
    private PaymentStatus status;
    private Long amount;
    private String currency;
    private String reason;
    @Column(name = "provider_reference")
    private String providerReference;
    @Version
    private long version;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Payment() {
    }

    private Payment(String orderId, String customerId, PaymentStatus status, Money amount, String reason,
                    String providerReference, Instant now) {
        this.orderId = orderId;
        this.paymentId = UUID.randomUUID().toString();
        this.customerId = customerId;
        this.status = status;
        this.amount = amount == null ? null : amount.amount();
        this.currency = amount == null ? null : amount.currency();
        this.reason = reason;
        this.providerReference = providerReference;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.createdAt;
    }

    static Payment authorized(AuthorizePayment command, String providerReference, Instant now) {
        return new Payment(command.orderId(), command.customerId(), PaymentStatus.AUTHORIZED, command.amount(), null,
                providerReference, now);
    }

    static Payment declined(AuthorizePayment command, String reason, Instant now) {
        return new Payment(command.orderId(), command.customerId(), PaymentStatus.DECLINED, command.amount(), reason,
                null, now);
    }

    static Payment voided(RefundPayment command, Instant now) {
        return new Payment(command.orderId(), command.customerId(), PaymentStatus.VOIDED, null, command.reason(), null,
                now);
    }

    void refunded(String refundReason, Instant now) {
        if (status != PaymentStatus.AUTHORIZED) {
            throw new IllegalStateException("Only an authorized payment can be refunded; " + orderId + " is " + status);
        }
        this.status = PaymentStatus.REFUNDED;
        this.reason = refundReason;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    public String orderId() {
        return orderId;
    }

    public String paymentId() {
        return paymentId;
    }

    public String customerId() {
        return customerId;
    }

    public PaymentStatus status() {
        return status;
    }

    /** What was asked for; empty for a {@link PaymentStatus#VOIDED} record, which never had an amount. */
    public Optional<Money> amount() {
        return amount == null ? Optional.empty() : Optional.of(new Money(amount, currency));
    }

    /** Why it was declined, refunded or voided; null while authorized. */
    public String reason() {
        return reason;
    }

    public String providerReference() {
        return providerReference;
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }

    public Instant updatedAt() {
        return updatedAt.toInstant();
    }
}
