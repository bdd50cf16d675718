package dev.mosaic.notifications.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One try to get a notification to its customer over one channel, and how it went. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt {

    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";

    @Id
    private String id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "notification_id")
    private Notification notification;
    private String channel;
    private String status;
    private String error;
    @Column(name = "attempted_at")
    private OffsetDateTime attemptedAt;

    protected DeliveryAttempt() {
    }

    private DeliveryAttempt(Notification notification, String channel, String status, String error, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.notification = notification;
        this.channel = channel;
        this.status = status;
        this.error = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
        this.attemptedAt = now.atOffset(ZoneOffset.UTC);
    }

    static DeliveryAttempt sent(Notification notification, String channel, Instant now) {
        return new DeliveryAttempt(notification, channel, SENT, null, now);
    }

    static DeliveryAttempt failed(Notification notification, String channel, String error, Instant now) {
        return new DeliveryAttempt(notification, channel, FAILED, error, now);
    }

    public String channel() {
        return channel;
    }

    public String status() {
        return status;
    }
}
