package dev.mosaic.payments.domain;

import dev.mosaic.platform.data.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Payments' business meters, counted once per payment when its transaction commits (a repeated command that is
 * answered from the stored payment counts nothing): {@code mosaic_payments_authorized_total},
 * {@code mosaic_payments_declined_total{reason}}, {@code mosaic_payments_refunded_total} and
 * {@code mosaic_payments_voided_total} (a refund that arrived before any payment).
 */
@ApplicationScoped
public class PaymentMeters {

    private static final Metadata AUTHORIZED = Metadata.builder().withName("mosaic.payments.authorized")
            .withDescription("Payments the provider authorized").build();
    private static final Metadata DECLINED = Metadata.builder().withName("mosaic.payments.declined")
            .withDescription("Payments the provider declined, by its reason").build();
    private static final Metadata REFUNDED = Metadata.builder().withName("mosaic.payments.refunded")
            .withDescription("Authorized payments given back").build();
    private static final Metadata VOIDED = Metadata.builder().withName("mosaic.payments.voided")
            .withDescription("Orders cancelled before their payment existed, so that none ever will").build();

    private final MetricRegistry metrics;
    private final AfterCommit afterCommit;

    @Inject
    public PaymentMeters(MetricRegistry metrics, AfterCommit afterCommit) {
        this.metrics = metrics;
        this.afterCommit = afterCommit;
        // Present from the start (at 0), so rates and alerts have a series before the first payment.
        metrics.counter(AUTHORIZED);
        metrics.counter(REFUNDED);
        metrics.counter(VOIDED);
    }

    /** Created at startup rather than on first use, so that its meters are on /metrics from the start. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    }

    void taken(Payment payment) {
        afterCommit.run(() -> {
            if (payment.status() == PaymentStatus.AUTHORIZED) {
                metrics.counter(AUTHORIZED).inc();
            } else {
                metrics.counter(DECLINED, new Tag("reason", String.valueOf(payment.reason()))).inc();
            }
        });
    }

    void refunded() {
        afterCommit.run(() -> metrics.counter(REFUNDED).inc());
    }

    void voided() {
        afterCommit.run(() -> metrics.counter(VOIDED).inc());
    }
}
