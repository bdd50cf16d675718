package dev.mosaic.orders.domain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.core.RequestContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds orders whose current step is overdue and retries or compensates them. This is what makes every
 * accepted order reach an end state even when a message, a service or this process was lost on the way.
 */
@ApplicationScoped
public class SagaTimeouts {

    private static final Logger LOG = Logger.getLogger(SagaTimeouts.class.getName());

    private final OrderSaga orders;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    @Inject
    public SagaTimeouts(OrderSaga orders,
                        @ConfigProperty(name = "orders.saga.sweep-interval-ms", defaultValue = "2000") long intervalMillis) {
        this.orders = orders;
        this.interval = Duration.ofMillis(intervalMillis);
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object ignored) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("saga-timeouts").daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    void sweep() {
        try {
            for (String orderId : orders.overdue(100)) {
                try {
                    // Each timeout is its own piece of work: its own ids, carried by the messages it sends.
                    RequestContext.runWith(RequestContext.newIds().withSubject(orderId), () -> orders.stepTimedOut(orderId));
                } catch (RuntimeException e) {
                    // Another instance or a message may have moved the order meanwhile; the next sweep looks again.
                    LOG.log(Level.FINE, "Timeout handling of order " + orderId + " skipped: " + e);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Saga timeout sweep failed: " + e + "; retrying in " + interval.toMillis() + " ms");
        }
    }
}
