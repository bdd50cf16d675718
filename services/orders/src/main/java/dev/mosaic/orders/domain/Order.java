package dev.mosaic.orders.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An order and its place in the saga. Transitions are the only way to change it; each one is allowed from
 * certain states only and says whether it happened, so a duplicate message is a no-op.
 */
@Entity
@Table(name = "customer_order")
public class Order {

    @Id
    private String id;
    @Column(name = "customer_id")
    private String customerId;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    @Enumerated(EnumType.STRING)
    private CancelReason reason;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_transition", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "seq")
    private List<OrderTransition> transitions = new ArrayList<>();
    @Column(name = "total_amount")
    private long totalAmount;
    @Column(name = "total_currency")
    private String totalCurrency;
    @Column(name = "payment_token")
    private String paymentToken;
    @Column(name = "idempotency_key")
    private String idempotencyKey;
    @Column(name = "request_hash")
    private String requestHash;
    @Column(name = "payment_requested")
    private boolean paymentRequested;
    @Column(name = "step_attempts")
    private int stepAttempts;
    @Column(name = "step_deadline")
    private OffsetDateTime stepDeadline;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @Version
    private long version;

    protected Order() {
    }

    public Order(String id, String customerId, List<OrderLine> lines, String paymentToken, String idempotencyKey,
                 String requestHash, Instant now, Instant stepDeadline) {
        this.id = id;
        this.customerId = customerId;
        this.lines = new ArrayList<>(lines);
        Money total = lines.stream().map(OrderLine::total).reduce(Money::plus).orElseThrow();
        this.totalAmount = total.amount();
        this.totalCurrency = total.currency();
        this.paymentToken = paymentToken;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.status = OrderStatus.PENDING;
        this.createdAt = utc(now);
        this.updatedAt = utc(now);
        this.stepDeadline = utc(stepDeadline);
        this.transitions.add(new OrderTransition(OrderStatus.PENDING, null, now));
    }

    /** PENDING → AWAITING_PAYMENT once the stock is held. */
    boolean stockReserved(Instant now, Instant paymentDeadline) {
        if (status != OrderStatus.PENDING) {
            return false;
        }
        status = OrderStatus.AWAITING_PAYMENT;
        paymentRequested = true;
        nextStep(now, paymentDeadline);
        return true;
    }

    /** AWAITING_PAYMENT → CONFIRMED once the money is held. */
    boolean paymentAuthorized(Instant now) {
        if (status != OrderStatus.AWAITING_PAYMENT) {
            return false;
        }
        status = OrderStatus.CONFIRMED;
        nextStep(now, null);
        return true;
    }

    /**
     * Any non-final state (or CONFIRMED, for a customer's cancel) → CANCELLED.
     *
     * @return whether the order was cancelled by this call
     */
    boolean cancel(CancelReason why, Instant now) {
        boolean allowed = !status.isFinal() || (status == OrderStatus.CONFIRMED && why == CancelReason.CUSTOMER_CANCELLED);
        if (!allowed) {
            return false;
        }
        status = OrderStatus.CANCELLED;
        reason = why;
        nextStep(now, null);
        return true;
    }

    /** A step got no answer in time and is tried again. */
    void retryStep(Instant now, Instant deadline) {
        stepAttempts++;
        stepDeadline = utc(deadline);
        updatedAt = utc(now);
    }

    /** Every status change ends here, so the timeline holds each one. */
    private void nextStep(Instant now, Instant deadline) {
        transitions.add(new OrderTransition(status, reason, now));
        stepAttempts = 0;
        stepDeadline = deadline == null ? null : utc(deadline);
        updatedAt = utc(now);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public OrderStatus status() {
        return status;
    }

    public CancelReason reason() {
        return reason;
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines);
    }

    /** The saga so far, oldest first: PENDING when placed, then each status change. */
    public List<OrderTransition> transitions() {
        return List.copyOf(transitions);
    }

    public Money total() {
        return new Money(totalAmount, totalCurrency);
    }

    public String paymentToken() {
        return paymentToken;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String requestHash() {
        return requestHash;
    }

    /** Whether a payment may exist for this order (an authorize command was sent). */
    public boolean paymentRequested() {
        return paymentRequested;
    }

    public int stepAttempts() {
        return stepAttempts;
    }

    public Instant stepDeadline() {
        return stepDeadline == null ? null : stepDeadline.toInstant();
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }

    public Instant updatedAt() {
        return updatedAt.toInstant();
    }

    /** Goes up with every change that is stored: what an entity tag of the order is made of. */
    public long version() {
        return version;
    }
}
