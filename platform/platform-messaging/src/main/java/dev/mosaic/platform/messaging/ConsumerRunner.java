package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.core.DatabaseOutage;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The poll delivery adapter: a kafka-clients consumer loop feeding {@link EventDispatcher}.
 * The records of a poll are first handled together, up to {@code mosaic.events.batch-size} (default 50) in one
 * transaction, each still once (its inbox row commits with the effects): the whole poll when it holds no more than
 * that, across its partitions; otherwise consecutive records of each partition. When a batch fails, nothing of it is
 * kept: a poll's batch is tried again partition by partition, and the records of a partition's chunk that fails are
 * handled one by one. A record that fails on its own is retried with backoff, then goes to {@code <topic>.dlq} with
 * the error in its headers and the loop moves on. A failure because the service's
 * database is unreachable is not the event's fault: the event and those behind it wait, read again after a growing
 * pause (up to 5 s), until the database answers; nothing is dead-lettered for an outage. When the pool only had no
 * free connection (the service is busy, its database is fine), the pause stays at the retry backoff. Offsets are
 * committed only for records that reached an end (handled, duplicate, ignored or dead-lettered), so a crash
 * redelivers, never skips; they are committed together, at most every {@code mosaic.events.commit-interval-ms}
 * (500), at once when idle, and before partitions are revoked or the consumer closes ({@link OffsetCommits}).
 * Runs when {@code mosaic.events.delivery=poll} (the default) and {@code mosaic.events.topics} names topics.
 * <p>
 * {@code mosaic.events.gather-ms} (default 0: a poll returns as soon as a record is there) lets the broker hold a
 * fetch that long, or until a poll's worth of records is there, so that a consumer whose events are not waited on
 * (notifications) handles a few at a time instead of paying a transaction and a database commit for each (ADR 0026).
 * <p>
 * Meters: {@code mosaic_events_consumer_lag{topic}}, the records of a topic's partitions assigned to this instance
 * that it has not read yet (end offset minus position, as the consumer last saw them; NaN until known and after the
 * loop stopped), and {@code mosaic_events_dead_lettered_total{topic}}. With push delivery there is no consumer and
 * no lag gauge here: the lag is the Knative source's (its consumer group's lag on the broker).
 */
@ApplicationScoped
public class ConsumerRunner {

    private static final Logger LOG = Logger.getLogger(ConsumerRunner.class.getName());
    /** The longest pause before reading again a record that could not reach an end. */
    private static final long MAX_BLOCKED_WAIT_MILLIS = 5_000;
    /** How long a poll waits for records; a gathering fetch must end before it. */
    private static final long POLL_MILLIS = 500;
    private static final long MAX_GATHER_MILLIS = POLL_MILLIS;
    /** About a poll's worth of events (max.poll.records of 100, events of under a kilobyte). */
    static final int GATHER_BYTES = 64 * 1024;
    private static final Metadata LAG = Metadata.builder().withName("mosaic.events.consumer.lag")
            .withDescription("Records of the topic, on the partitions this instance consumes, not read yet").build();
    private static final Metadata DEAD_LETTERED = Metadata.builder().withName("mosaic.events.dead.lettered")
            .withDescription("Records given up on and published to <topic>.dlq, by original topic").build();

    private final KafkaClients kafka;
    private final EventDispatcher dispatcher;
    private final Event<DeadLetter> deadLetters;
    private final List<String> topics;
    private final boolean enabled;
    private final int maxAttempts;
    private final long backoffMillis;
    private final int batchSize;
    private final long commitIntervalMillis;
    private final long gatherMillis;
    private final MetricRegistry metrics;
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Why the loop ended while nobody asked it to stop; null while it runs (or was stopped on purpose). */
    private volatile String died;
    private Instant outageSince;
    /** Whether the last record that could not reach an end met an exhausted pool rather than an outage. */
    private boolean busyNotDown;
    private Thread thread;

    @Inject
    public ConsumerRunner(KafkaClients kafka, EventDispatcher dispatcher, Event<DeadLetter> deadLetters, MetricRegistry metrics,
                          @ConfigProperty(name = "mosaic.events.topics") Optional<String> topics,
                          @ConfigProperty(name = "mosaic.events.delivery", defaultValue = "poll") String delivery,
                          @ConfigProperty(name = "mosaic.events.retry.max-attempts", defaultValue = "3") int maxAttempts,
                          @ConfigProperty(name = "mosaic.events.retry.backoff-ms", defaultValue = "200") long backoffMillis,
                          @ConfigProperty(name = "mosaic.events.batch-size", defaultValue = "50") int batchSize,
                          @ConfigProperty(name = "mosaic.events.commit-interval-ms", defaultValue = "500") long commitIntervalMillis,
                          @ConfigProperty(name = "mosaic.events.gather-ms", defaultValue = "0") long gatherMillis) {
        this.kafka = kafka;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.topics = Arrays.stream(topics.orElse("").split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        this.enabled = Delivery.polls(delivery) && !this.topics.isEmpty();
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoffMillis = backoffMillis;
        this.batchSize = Math.max(1, batchSize);
        this.commitIntervalMillis = commitIntervalMillis;
        if (gatherMillis < 0 || gatherMillis > MAX_GATHER_MILLIS) {
            throw new IllegalArgumentException("mosaic.events.gather-ms is " + gatherMillis + "; it must lie between 0 "
                    + "(records are handed over as soon as they arrive) and " + MAX_GATHER_MILLIS + " (the poll's own timeout)");
        }
        this.gatherMillis = gatherMillis;
    }

    /**
     * This consumer's settings: the service's, and with {@code mosaic.events.gather-ms} a fetch the broker answers
     * when a poll's worth of records is there ({@link #GATHER_BYTES}) or when that time has passed, whichever is first.
     */
    Properties consumerProperties() {
        Properties props = kafka.consumerProperties();
        if (gatherMillis > 0) {
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, GATHER_BYTES);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) gatherMillis);
        }
        return props;
    }

    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) @Initialized(ApplicationScoped.class) Object ignored) {
        if (!enabled) {
            LOG.info("Kafka poll consumer off (mosaic.events.delivery / mosaic.events.topics); events arrive by POST /events");
            return;
        }
        for (String topic : topics) {
            lag.put(topic, Double.NaN);
            metrics.counter(DEAD_LETTERED, new Tag("topic", topic));
            metrics.gauge(LAG, () -> lag.getOrDefault(topic, Double.NaN), new Tag("topic", topic));
        }
        thread = Thread.ofPlatform().name("events-consumer").daemon().start(this::run);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            if (!kafka.awaitBroker(millis -> !stop.await(millis, TimeUnit.MILLISECONDS))) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        LOG.info(() -> "Consuming " + topics + " from " + kafka.bootstrap() + " as group " + kafka.serviceName());
        OffsetCommits commits = new OffsetCommits(commitIntervalMillis, System::nanoTime);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
            consumer = c;
            c.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // What this instance finished on them is committed before another instance takes them over.
                    commits.commitNow(c, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            try {
                long wait = 0;
                while (stop.getCount() > 0) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(POLL_MILLIS));
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    boolean blocked = !records.isEmpty() && !processBatch(c, records, batchSize, this::processTogether,
                            this::process, () -> stop.getCount() == 0, done);
                    commits.add(done);
                    commits.maybeCommit(c, records.isEmpty() || blocked);
                    recordLag(c);
                    wait = blocked ? nextWait(wait, busyNotDown, backoffMillis) : 0;
                    if (blocked && awaitStop(wait)) {
                        break;
                    }
                }
            } finally {
                commits.commitNow(c, null);
            }
        } catch (WakeupException e) {
            // stop() woke the poll; leaving the loop is the point.
        } catch (RuntimeException | Error e) {
            // An Error (a missing class, out of memory) escapes the per-record handling as well: it ends the loop too.
            died = e.toString();
            LOG.log(Level.SEVERE, "Kafka consumer loop for " + topics + " died; events are not consumed until restart. "
                    + "/health/live reports DOWN so that the platform restarts this instance", e);
        } finally {
            consumer = null;
            topics.forEach(topic -> lag.put(topic, Double.NaN));
            if (died == null && stop.getCount() > 0) {
                died = "the consumer loop ended without being stopped";
            }
        }
    }

    /** Why the consumer loop died, when it ended while the service still runs: only a restart brings it back. */
    public Optional<String> failure() {
        return Optional.ofNullable(died);
    }

    /** The topics this instance consumes by polling; empty when it does not poll. */
    public List<String> polledTopics() {
        return enabled ? topics : List.of();
    }

    /**
     * The pause before reading again a record that could not reach an end. For an outage (database or broker
     * unreachable) it grows while the trouble lasts, from {@code backoffMillis} to 5 s: well inside
     * max.poll.interval.ms, so the group keeps this instance. A pool that ran dry ({@code busy}) is not an outage:
     * connections come free within milliseconds, and a growing pause would stop the saga exactly when the service
     * is busiest, so the pause stays at {@code backoffMillis}.
     */
    static long nextWait(long previous, boolean busy, long backoffMillis) {
        return busy ? backoffMillis : Math.min(Math.max(backoffMillis, previous * 2), MAX_BLOCKED_WAIT_MILLIS);
    }

    /** Sums, per topic, what the consumer knows of its partitions' lag; no broker call (currentLag is local). */
    private void recordLag(KafkaConsumer<String, byte[]> c) {
        Map<String, Long> known = new HashMap<>();
        for (TopicPartition partition : c.assignment()) {
            OptionalLong partitionLag = c.currentLag(partition);
            if (partitionLag.isPresent()) {
                known.merge(partition.topic(), partitionLag.getAsLong(), Long::sum);
            } else {
                known.putIfAbsent(partition.topic(), null);
            }
        }
        for (String topic : topics) {
            if (!known.containsKey(topic)) {
                // No partition of it assigned here (another instance has them): nothing waits for this one.
                lag.put(topic, 0.0);
            } else if (known.get(topic) != null) {
                lag.put(topic, known.get(topic).doubleValue());
            }
        }
    }

    /**
     * Handles the records of one poll, partition by partition, and commits the offsets of those that reached an end.
     * At the first record that cannot ({@code process} says false), it and everything after it in the batch, on
     * every partition, are sought back to be read again by a later poll: a record returned by a poll and neither
     * handled nor sought back would be skipped.
     *
     * @return false when some record was put back
     */
    static boolean processBatch(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records,
                                Predicate<ConsumerRecord<String, byte[]>> process, BooleanSupplier stopping) {
        return processBatch(c, records, 1, chunk -> false, process, stopping);
    }

    /**
     * As {@link #processBatch(Consumer, ConsumerRecords, Predicate, BooleanSupplier)}, first offering records to
     * {@code together}, which handles all of them (true) or none (false): the whole poll, when it holds more than one
     * partition and no more than {@code chunkSize} records; else, and when that failed, up to {@code chunkSize}
     * consecutive records of each partition. The records of a partition's chunk it could not handle are then
     * processed one by one.
     */
    static boolean processBatch(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records, int chunkSize,
                                Predicate<List<ConsumerRecord<String, byte[]>>> together,
                                Predicate<ConsumerRecord<String, byte[]>> process, BooleanSupplier stopping) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            return processBatch(c, records, chunkSize, together, process, stopping, done);
        } finally {
            if (!done.isEmpty()) {
                try {
                    c.commitSync(done);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Committing offsets " + done + " failed; those records will be redelivered "
                            + "and the inbox will skip them", e);
                }
            }
        }
    }

    /**
     * As above, but puts the offsets of the records that reached an end into {@code done} for the caller to commit
     * (the consumer loop commits them together, {@link OffsetCommits}), even when it returns early or throws.
     */
    static boolean processBatch(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records, int chunkSize,
                                Predicate<List<ConsumerRecord<String, byte[]>>> together,
                                Predicate<ConsumerRecord<String, byte[]>> process, BooleanSupplier stopping,
                                Map<TopicPartition, OffsetAndMetadata> done) {
        if (records.partitions().size() > 1 && records.count() <= chunkSize) {
            if (stopping.getAsBoolean()) {
                return true;
            }
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
            records.forEach(all::add);
            if (together.test(all)) {
                for (TopicPartition partition : records.partitions()) {
                    done.put(partition, new OffsetAndMetadata(records.records(partition).getLast().offset() + 1));
                }
                return true;
            }
        }
        boolean blocked = false;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> pending = records.records(partition);
            if (blocked) {
                c.seek(partition, pending.getFirst().offset());
                continue;
            }
            for (int from = 0; from < pending.size() && !blocked; from += chunkSize) {
                List<ConsumerRecord<String, byte[]>> chunk = pending.subList(from, Math.min(from + chunkSize, pending.size()));
                if (stopping.getAsBoolean()) {
                    return true;
                }
                if (chunk.size() > 1 && together.test(chunk)) {
                    done.put(partition, new OffsetAndMetadata(chunk.getLast().offset() + 1));
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : chunk) {
                    if (stopping.getAsBoolean()) {
                        return true;
                    }
                    if (!process.test(record)) {
                        c.seek(partition, record.offset());
                        blocked = true;
                        break;
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
        }
        return !blocked;
    }

    /**
     * Handles records in one transaction (a poll's, or consecutive ones of a partition); false, with nothing changed,
     * when any of them does not decode or cannot be handled so (see {@link EventDispatcher#dispatchTogether}).
     */
    boolean processTogether(List<ConsumerRecord<String, byte[]>> chunk) {
        List<EventDispatcher.Delivered> events = new ArrayList<>(chunk.size());
        for (ConsumerRecord<String, byte[]> record : chunk) {
            try {
                events.add(new EventDispatcher.Delivered(KafkaCloudEvents.fromRecord(record), record.topic()));
            } catch (InvalidEventException e) {
                return false;
            }
        }
        return dispatcher.dispatchTogether(events);
    }

    /**
     * Returns true when the record reached an end state; false when it must be read again later: the database is
     * unreachable (an outage is not the event's fault, so it waits rather than being dead-lettered, and those
     * attempts do not count), or it could not even be dead-lettered (broker trouble).
     */
    boolean process(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        try {
            event = KafkaCloudEvents.fromRecord(record);
        } catch (InvalidEventException e) {
            return deadLetter(record, null, e, 1);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dispatcher.dispatch(event, record.topic());
                databaseBack();
                return true;
            } catch (InvalidEventException e) {
                return deadLetter(record, event, e, attempt);
            } catch (RuntimeException e) {
                if (DatabaseOutage.isCause(e)) {
                    busyNotDown = DatabaseOutage.isPoolExhausted(e);
                    databaseDown(record, event, e);
                    return false;
                }
                if (attempt >= maxAttempts) {
                    return deadLetter(record, event, e, attempt);
                }
                long wait = backoffMillis << (attempt - 1);
                LOG.log(Level.WARNING, "Handling " + event + " failed (attempt " + attempt + " of " + maxAttempts
                        + "): " + e + "; retrying in " + wait + " ms");
                if (awaitStop(wait)) {
                    return false;
                }
            }
        }
    }

    /** Says once per outage, not once per retry, that events wait for the database. */
    private void databaseDown(ConsumerRecord<String, byte[]> record, CloudEvent event, RuntimeException error) {
        if (outageSince == null) {
            outageSince = Instant.now();
            LOG.warning("Handling waits: " + DatabaseOutage.what(error) + " (" + DatabaseOutage.describe(error) + "): "
                    + event + " from "
                    + record.topic() + "-" + record.partition() + "@" + record.offset() + " and the events behind it wait"
                    + " and are retried every " + MAX_BLOCKED_WAIT_MILLIS / 1000 + " s at most, not dead-lettered."
                    + " Consuming resumes by itself; " + DatabaseOutage.whatToCheck(error));
        } else {
            LOG.fine(() -> "Still " + DatabaseOutage.what(error) + "; " + event + " waits: " + DatabaseOutage.describe(error));
        }
    }

    private void databaseBack() {
        if (outageSince != null) {
            LOG.info("The database answers again; consuming " + topics + " resumed after "
                    + Duration.between(outageSince, Instant.now()).toSeconds() + " s");
            outageSince = null;
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, CloudEvent event, RuntimeException error, int attempts) {
        String dlq = DeadLetter.dlqTopic(record.topic());
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(), event,
                record.value(), String.valueOf(error.getMessage()), error.getClass().getName(), attempts, Instant.now());
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(dlq, null, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        header(out, "mosaic_dlq_error", letter.error());
        header(out, "mosaic_dlq_error_class", letter.errorClass());
        header(out, "mosaic_dlq_original_topic", record.topic());
        header(out, "mosaic_dlq_original_partition", String.valueOf(record.partition()));
        header(out, "mosaic_dlq_original_offset", String.valueOf(record.offset()));
        header(out, "mosaic_dlq_attempts", String.valueOf(attempts));
        header(out, "mosaic_dlq_failed_at", letter.failedAt().toString());
        try {
            kafka.producer().send(out).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "Cannot publish dead letter of " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " to " + dlq + ": " + e + "; the record stays unconsumed and is retried");
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        metrics.counter(DEAD_LETTERED, new Tag("topic", record.topic())).inc();
        LOG.log(Level.SEVERE, "Gave up on " + (event != null ? event : "a non-CloudEvent record") + " from "
                + record.topic() + "-" + record.partition() + "@" + record.offset() + " after " + attempts
                + " attempt(s): " + error + ". It is in " + dlq + "; fix the cause, then redrive it via POST /admin/dead-letters/{id}/redrive");
        try {
            deadLetters.fire(letter);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dead letter is in " + dlq + " but was not stored locally: " + e);
        }
        return true;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private boolean awaitStop(long millis) {
        try {
            return stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
