package dev.mosaic.orders.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** One step of an order's saga timeline: the status it reached, why (for a cancellation), and when. */
@Embeddable
public class OrderTransition {

    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    @Enumerated(EnumType.STRING)
    private CancelReason reason;
    @Column(name = "changed_at")
    private OffsetDateTime changedAt;

    protected OrderTransition() {
    }

    OrderTransition(OrderStatus status, CancelReason reason, Instant at) {
        this.status = status;
        this.reason = reason;
        this.changedAt = at.atOffset(ZoneOffset.UTC);
    }

    public OrderStatus status() {
        return status;
    }

    public CancelReason reason() {
        return reason;
    }

    public Instant at() {
        return changedAt.toInstant();
    }
}
