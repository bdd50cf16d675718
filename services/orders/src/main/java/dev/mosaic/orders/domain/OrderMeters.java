package dev.mosaic.orders.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.mosaic.platform.data.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The saga's business meters, counted when a transition commits: {@code mosaic_orders_placed_total},
 * {@code mosaic_orders_confirmed_total}, {@code mosaic_orders_cancelled_total{reason}} and
 * {@code mosaic_orders_completion_seconds{outcome}}, the time from placing an order to its final state.
 */
@ApplicationScoped
public class OrderMeters {

    private static final Metadata PLACED = Metadata.builder().withName("mosaic.orders.placed")
            .withDescription("Orders accepted (202) and stored PENDING").build();
    private static final Metadata CONFIRMED = Metadata.builder().withName("mosaic.orders.confirmed")
            .withDescription("Orders that reached CONFIRMED").build();
    private static final Metadata CANCELLED = Metadata.builder().withName("mosaic.orders.cancelled")
            .withDescription("Orders that reached CANCELLED, by reason").build();
    private static final Metadata COMPLETION = Metadata.builder().withName("mosaic.orders.completion")
            .withDescription("Time from placing an order to its final state, by outcome (confirmed, cancelled)")
            .withUnit(MetricUnits.SECONDS).build();

    private final MetricRegistry metrics;
    private final AfterCommit afterCommit;

    @Inject
    public OrderMeters(MetricRegistry metrics, AfterCommit afterCommit) {
        this.metrics = metrics;
        this.afterCommit = afterCommit;
    }

    /**
     * At startup rather than on first use: the counters are on /metrics from the start (at 0), so rates and alerts
     * have a series before the first order.
     */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        metrics.counter(PLACED);
        metrics.counter(CONFIRMED);
        for (CancelReason reason : CancelReason.values()) {
            metrics.counter(CANCELLED, new Tag("reason", reason.name()));
        }
    }

    void placed() {
        afterCommit.run(() -> metrics.counter(PLACED).inc());
    }

    void confirmed(Order order, Instant at) {
        afterCommit.run(() -> {
            metrics.counter(CONFIRMED).inc();
            completed(order, "confirmed", at);
        });
    }

    /** {@code at} is null when the order had completed before (confirmed, then cancelled with a refund). */
    void cancelled(Order order, CancelReason reason, Instant at) {
        afterCommit.run(() -> {
            metrics.counter(CANCELLED, new Tag("reason", reason.name())).inc();
            if (at != null) {
                completed(order, "cancelled", at);
            }
        });
    }

    private void completed(Order order, String outcome, Instant at) {
        metrics.timer(COMPLETION, new Tag("outcome", outcome.toLowerCase(Locale.ROOT)))
                .update(Duration.between(order.createdAt(), at));
    }
}
