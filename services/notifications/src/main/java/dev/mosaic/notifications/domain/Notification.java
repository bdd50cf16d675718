package dev.mosaic.notifications.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message to one customer about one event of one order; stored once per source event. */
@Entity
@Table(name = "notification")
public class Notification {

    @Id
    private String id;
    @Column(name = "customer_id")
    private String customerId;
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private NotificationType type;
    @Column(name = "event_type")
    private String eventType;
    @Column(name = "event_source")
    private String eventSource;
    @Column(name = "event_id")
    private String eventId;
    private String message;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected Notification() {
    }

    Notification(SourceEvent source, String customerId, String orderId, NotificationType type, String message,
                 Instant now) {
        this.id = UUID.randomUUID().toString();
        this.customerId = customerId;
        this.orderId = orderId;
        this.type = type;
        this.eventType = source.type();
        this.eventSource = source.source();
        this.eventId = source.id();
        this.message = message;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String orderId() {
        return orderId;
    }

    public NotificationType type() {
        return type;
    }

    public String eventType() {
        return eventType;
    }

    public String message() {
        return message;
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }
}
