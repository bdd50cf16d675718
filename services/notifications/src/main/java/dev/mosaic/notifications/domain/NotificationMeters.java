package dev.mosaic.notifications.domain;

import java.util.Locale;

import dev.mosaic.platform.data.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code mosaic_notifications_sent_total{type,outcome}}: each notification delivered (outcome sent) or whose
 * delivery failed (outcome failed), counted when it is stored; a fact told before counts nothing.
 */
@ApplicationScoped
public class NotificationMeters {

    private static final Metadata SENT = Metadata.builder().withName("mosaic.notifications.sent")
            .withDescription("Notifications delivered to a customer, by type and delivery outcome (sent, failed)").build();

    private final MetricRegistry metrics;
    private final AfterCommit afterCommit;

    @Inject
    public NotificationMeters(MetricRegistry metrics, AfterCommit afterCommit) {
        this.metrics = metrics;
        this.afterCommit = afterCommit;
    }

    void delivered(NotificationType type, DeliveryAttempt attempt) {
        Tag typeTag = new Tag("type", type.name());
        Tag outcome = new Tag("outcome", attempt.status().toLowerCase(Locale.ROOT));
        afterCommit.run(() -> metrics.counter(SENT, typeTag, outcome).inc());
    }
}
