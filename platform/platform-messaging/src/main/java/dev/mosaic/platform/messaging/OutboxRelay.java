package dev.mosaic.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.KafkaClients;
import dev.mosaic.platform.messaging.KafkaCloudEvents;
import dev.mosaic.platform.tracing.Spans;
import dev.mosaic.platform.core.DatabaseOutage;
import dev.mosaic.platform.web.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes outbox rows to Kafka in id order: woken right after each commit, and sweeping on startup and every
 * {@code mosaic.outbox.sweep-interval-ms} for rows left behind (a crash between commit and publish, a broker
 * outage). A row is marked published only after the broker acknowledged it ({@code acks=all}), so delivery is
 * at least once; consumers' inboxes turn that into exactly-once effects. Counts
 * {@code mosaic_outbox_published_total{topic}} and {@code mosaic_outbox_publish_failures_total{topic}}.
 * <p>
 * Marks are written together: the rows the broker acknowledged are remembered and marked in one statement once
 * the oldest of them has waited {@code mosaic.outbox.mark-delay-ms} (100), or {@value #BATCH} are waiting, or on a
 * {@link #flush} and when the service stops; meanwhile later passes leave them out of their reads. Each mark is a
 * commit, and a commit is what costs (on H2 it rewrites the changed pages of the outbox table and its index), so under
 * load a few marks a second replace one per pass (docs/adr/0024). A crash before the mark publishes those rows again
 * at the next start, as a crash between acknowledgement and mark always could; consumers' inboxes drop the duplicates.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final int BATCH = 200;
    private static final Metadata PUBLISHED = Metadata.builder().withName("mosaic.outbox.published")
            .withDescription("Outbox events published to Kafka and acknowledged by the broker, by topic").build();
    private static final Metadata FAILURES = Metadata.builder().withName("mosaic.outbox.publish.failures")
            .withDescription("Attempts to publish an outbox event that the broker did not acknowledge, by topic").build();

    private final OutboxStore store;
    private final KafkaClients kafka;
    private final MetricRegistry metrics;
    private final boolean enabled;
    private final long sweepMillis;
    private final long markDelayNanos;
    private final Retention retention;
    private final Semaphore signal = new Semaphore(0);
    // One pass at a time: the relay thread's and an on-demand flush would otherwise publish the same rows twice.
    private final ReentrantLock passLock = new ReentrantLock();
    /** Rows the broker acknowledged that are not marked published yet, in id order; guarded by {@link #passLock}. */
    private final Set<Long> unmarked = new LinkedHashSet<>();
    /** When the oldest of {@link #unmarked} was acknowledged ({@link System#nanoTime}); guarded by passLock. */
    private long unmarkedSince;
    private volatile boolean stopping;
    private Thread thread;
    private Instant lastCleanup = Instant.EPOCH;
    /** When the relay's thread found the database unreachable, until it reads the outbox again. */
    private Instant outageSince;

    @Inject
    public OutboxRelay(OutboxStore store, KafkaClients kafka, MetricRegistry metrics, Retention retention,
                       @ConfigProperty(name = "mosaic.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "mosaic.outbox.sweep-interval-ms", defaultValue = "5000") long sweepMillis,
                       @ConfigProperty(name = "mosaic.outbox.mark-delay-ms", defaultValue = "100") long markDelayMillis) {
        this.store = store;
        this.kafka = kafka;
        this.metrics = metrics;
        this.enabled = enabled;
        this.sweepMillis = sweepMillis;
        this.markDelayNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, markDelayMillis));
        this.retention = retention;
    }

    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) @Initialized(ApplicationScoped.class) Object ignored) {
        if (!enabled) {
            LOG.warning("Outbox relay is off (mosaic.outbox.relay.enabled=false): events stay in mosaic_outbox");
            return;
        }
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stopping = true;
        signal.release();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What one relay pass did: rows acknowledged by the broker, rows it refused, rows still pending after it. */
    public record Pass(int published, int failed, long pending) {
    }

    /**
     * Runs one relay pass now, on the caller's thread, and says what it did. For a service scaled to zero, whose
     * relay thread only runs while an instance does: something wakes an instance and asks it to flush.
     *
     * @throws IllegalStateException when the relay is switched off by configuration
     */
    public Pass flush() {
        if (!enabled) {
            throw new IllegalStateException("The outbox relay is off (mosaic.outbox.relay.enabled=false); "
                    + "switch it on to publish the " + store.backlog() + " pending events");
        }
        Drained drained = drain(true);
        return new Pass(drained.published(), drained.failed(), store.backlog());
    }

    /** Asks the relay to publish now (called after a commit that wrote to the outbox). */
    public void wake() {
        signal.release();
    }

    private void run() {
        try {
            // Nothing to publish to yet: rows committed meanwhile wait, and the first pass after this publishes them.
            if (!kafka.awaitBroker(millis -> {
                signal.tryAcquire(millis, TimeUnit.MILLISECONDS);
                return !stopping;
            })) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        while (!stopping) {
            boolean failed;
            boolean busy = false;
            long markDueMillis = -1;
            try {
                Drained drained = drain(false);
                failed = drained.failed() > 0;
                markDueMillis = drained.markDueMillis();
                cleanup();
                if (outageSince != null) {
                    LOG.info("Outbox relay reads the database again after " + Duration.between(outageSince, Instant.now())
                            .toSeconds() + " s; the events committed before and during the outage are being published");
                    outageSince = null;
                }
            } catch (RuntimeException e) {
                failed = true;
                busy = DatabaseOutage.isPoolExhausted(e);
                if (!DatabaseOutage.isCause(e)) {
                    LOG.log(Level.WARNING, "Outbox relay could not read the outbox: " + e + "; retrying in " + sweepMillis + " ms");
                } else if (outageSince == null) {
                    // Once per outage: the pool's own errors already say it on every attempt.
                    outageSince = Instant.now();
                    LOG.warning("Outbox relay cannot read the outbox: " + DatabaseOutage.what(e) + " ("
                            + DatabaseOutage.describe(e) + "); committed events stay in mosaic_outbox and are published "
                            + "as soon as it can read them (tried every " + sweepMillis + " ms); "
                            + DatabaseOutage.whatToCheck(e));
                }
            }
            try {
                // After a failure wait for the sweep interval, so a broker outage is not hammered by every commit;
                // but not after finding the pool busy: the next commit's wake-up finds a free connection.
                if (failed && !busy) {
                    signal.drainPermits();
                }
                // Rows waiting for their mark bring the next pass forward to when it is due.
                long wait = markDueMillis >= 0 && !failed ? Math.min(markDueMillis, sweepMillis) : sweepMillis;
                if (signal.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        markRemaining();
    }

    /**
     * What a pass did: rows acknowledged, rows refused, and in how many milliseconds the acknowledged rows still
     * unmarked are due to be marked (-1 when none wait).
     */
    private record Drained(int published, int failed, long markDueMillis) {
    }

    /**
     * Publishes every pending row, stopping at the first batch the broker refused some of; marks the acknowledged
     * rows when their mark is due, or at once when {@code markNow}.
     */
    Drained drain(boolean markNow) {
        passLock.lock();
        try {
            int published = 0;
            int failed = 0;
            while (!stopping) {
                // Acknowledged rows not marked yet are still pending in the table: left out of the read, not sent again.
                List<OutboxStore.Pending> batch = store.pending(BATCH, unmarked);
                if (batch.isEmpty()) {
                    break;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
                List<Span> spans = new ArrayList<>(batch.size());
                for (OutboxStore.Pending pending : batch) {
                    Span span = publishSpan(pending);
                    spans.add(span);
                    sent.add(kafka.producer().send(KafkaCloudEvents.toRecord(pending.topic(), traced(pending.event(), span))));
                }
                List<Long> acknowledged = new ArrayList<>(batch.size());
                String failure = null;
                for (int i = 0; i < batch.size(); i++) {
                    OutboxStore.Pending pending = batch.get(i);
                    try {
                        sent.get(i).get(20, TimeUnit.SECONDS);
                        spans.get(i).end();
                        acknowledged.add(pending.id());
                        published(pending.topic()).inc();
                    } catch (Exception e) {
                        if (e instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                        spans.get(i).recordException(e);
                        spans.get(i).setStatus(StatusCode.ERROR, "not acknowledged by Kafka");
                        spans.get(i).end();
                        failure = pending.event() + " to " + pending.topic() + ": " + e;
                        failed++;
                        store.recordFailure(pending.id(), String.valueOf(e));
                        published(pending.topic());
                        metrics.counter(FAILURES, new Tag("topic", pending.topic())).inc();
                    }
                }
                acknowledged(acknowledged);
                published += acknowledged.size();
                if (unmarked.size() >= BATCH) {
                    mark();
                }
                if (failure != null) {
                    LOG.warning("Outbox relay could not publish " + failure + ". The row stays pending and is retried "
                            + "every " + sweepMillis + " ms; check that Kafka at " + kafka.bootstrap() + " is up");
                    break;
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
            return new Drained(published, failed, markIfDue(markNow));
        } finally {
            passLock.unlock();
        }
    }

    private void acknowledged(List<Long> ids) {
        if (!ids.isEmpty() && unmarked.isEmpty()) {
            unmarkedSince = System.nanoTime();
        }
        unmarked.addAll(ids);
    }

    /** Marks the waiting rows if {@code now} or their mark is due; else says in how many ms it is (-1: none wait). */
    private long markIfDue(boolean now) {
        if (unmarked.isEmpty()) {
            return -1;
        }
        long waited = System.nanoTime() - unmarkedSince;
        if (now || waited >= markDelayNanos) {
            mark();
            return -1;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(markDelayNanos - waited));
    }

    /** Marks every acknowledged row published; when that fails they stay remembered, to be marked by a later pass. */
    private void mark() {
        store.markPublished(new ArrayList<>(unmarked));
        unmarked.clear();
    }

    /** On the way out: what the broker acknowledged is marked, so the next start does not publish it again. */
    private void markRemaining() {
        passLock.lock();
        try {
            if (!unmarked.isEmpty()) {
                mark();
            }
        } catch (RuntimeException e) {
            LOG.warning("Outbox relay could not mark " + unmarked.size() + " published events as published on the way out ("
                    + e + "); the next start publishes them again, and their consumers skip them as duplicates");
        } finally {
            passLock.unlock();
        }
    }

    /**
     * A producer span for sending one event, under the span that wrote it to the outbox (the event's traceparent):
     * the time from leaving the outbox to Kafka's acknowledgement. A no-op span when trace export is off.
     */
    private static Span publishSpan(OutboxStore.Pending pending) {
        Span span = Spans.start(Tracing.tracer(), pending.topic() + " publish", SpanKind.PRODUCER,
                                pending.event().extensions().get(CloudEvent.TRACEPARENT));
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", pending.topic());
        span.setAttribute("messaging.message.id", pending.event().id());
        return span;
    }

    /** The event as sent: its consumers' spans are children of the span that sent it, when that span is recorded. */
    private static CloudEvent traced(CloudEvent event, Span span) {
        String traceparent = Spans.traceparent(span.getSpanContext());
        return traceparent == null ? event : event.withExtension(CloudEvent.TRACEPARENT, traceparent);
    }

    /** The published counter of a topic, registering its failures counter alongside (at 0) on first use. */
    private Counter published(String topic) {
        Tag tag = new Tag("topic", topic);
        metrics.counter(FAILURES, tag);
        return metrics.counter(PUBLISHED, tag);
    }

    private void cleanup() {
        Instant now = Instant.now();
        if (Duration.between(lastCleanup, now).toMinutes() >= 10) {
            lastCleanup = now;
            // Outbox, inbox and dead letters, each by its own retention (see Retention).
            retention.prune(now);
        }
    }
}
