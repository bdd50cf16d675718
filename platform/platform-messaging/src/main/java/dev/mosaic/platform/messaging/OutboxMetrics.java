package dev.mosaic.platform.messaging;

import dev.mosaic.platform.data.DataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges read from the service's own database: the outbox backlog ({@code mosaic_outbox_backlog}), the age of its
 * oldest unpublished row ({@code mosaic_outbox_oldest_age_seconds}) and the dead letters not redriven yet, per
 * consumed topic ({@code mosaic_dead_letters{topic}}, the DLQ depth).
 * <p>
 * Scrapes must stay cheap and must not fail with the database: the three indexed queries run at most once per
 * {@code mosaic.metrics.db-gauges.ttl-ms}, off the scraping thread, and a scrape waits for them at most
 * {@code mosaic.metrics.db-gauges.wait-ms}. When the database does not answer, the gauges read NaN (no data) and
 * the database readiness check says why.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class.getName());
    private static final Metadata BACKLOG = Metadata.builder().withName("mosaic.outbox.backlog")
            .withDescription("Outbox rows committed but not yet published to Kafka").build();
    private static final Metadata OLDEST_AGE = Metadata.builder().withName("mosaic.outbox.oldest.age")
            .withDescription("Age of the oldest unpublished outbox row; 0 when the outbox is drained")
            .withUnit(MetricUnits.SECONDS).build();
    private static final Metadata DEAD_LETTERS = Metadata.builder().withName("mosaic.dead.letters")
            .withDescription("Dead letters of a consumed topic not redriven yet (the DLQ depth)").build();

    /** What the database said at one moment; NaN fields when it could not be asked. */
    record Snapshot(Instant at, double backlog, double oldestAgeSeconds, Map<String, Double> deadLetters) {

        static Snapshot unknown(Instant at) {
            return new Snapshot(at, Double.NaN, Double.NaN, Map.of());
        }

        double deadLetters(String topic) {
            return Double.isNaN(backlog) ? Double.NaN : deadLetters.getOrDefault(topic, 0.0);
        }
    }

    /** Where the gauges get a connection: the service's data source (a test's stand-in in OutboxMetricsTest). */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final String serviceName;
    private final Connections connections;
    private final List<String> topics;
    private final MetricRegistry metrics;
    private final Duration ttl;
    private final Duration wait;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("metrics-db-gauges").daemon().unstarted(r));
    private volatile Snapshot snapshot = Snapshot.unknown(Instant.EPOCH);
    private CompletableFuture<Snapshot> reading;
    private volatile boolean failing;

    @Inject
    public OutboxMetrics(@ConfigProperty(name = "mosaic.service.name") String serviceName,
                         @ConfigProperty(name = "mosaic.events.topics") Optional<String> topics,
                         @ConfigProperty(name = "mosaic.metrics.db-gauges.ttl-ms", defaultValue = "5000") long ttlMillis,
                         @ConfigProperty(name = "mosaic.metrics.db-gauges.wait-ms", defaultValue = "1000") long waitMillis,
                         MetricRegistry metrics) {
        this(serviceName, () -> DataSources.named(serviceName).getConnection(), topics, ttlMillis, waitMillis, metrics);
    }

    OutboxMetrics(String serviceName, Connections connections, Optional<String> topics, long ttlMillis, long waitMillis,
                  MetricRegistry metrics) {
        this.serviceName = serviceName;
        this.connections = connections;
        this.topics = Arrays.stream(topics.orElse("").split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        this.metrics = metrics;
        this.ttl = Duration.ofMillis(ttlMillis);
        this.wait = Duration.ofMillis(waitMillis);
    }

    void register(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) @Initialized(ApplicationScoped.class) Object ignored) {
        metrics.gauge(BACKLOG, () -> current().backlog());
        metrics.gauge(OLDEST_AGE, () -> current().oldestAgeSeconds());
        for (String topic : topics) {
            metrics.gauge(DEAD_LETTERS, () -> current().deadLetters(topic), new Tag("topic", topic));
        }
    }

    @PreDestroy
    void close() {
        reader.shutdownNow();
    }

    /** The last snapshot, refreshed first when older than the TTL (waiting for the refresh a bounded time). */
    Snapshot current() {
        CompletableFuture<Snapshot> pending;
        synchronized (this) {
            if (Duration.between(snapshot.at(), Instant.now()).compareTo(ttl) < 0) {
                return snapshot;
            }
            if (reading == null || reading.isDone()) {
                reading = CompletableFuture.supplyAsync(this::read, reader).whenComplete((s, e) -> {
                    if (s != null) {
                        snapshot = s;
                    }
                });
            }
            pending = reading;
        }
        try {
            return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Still reading (a slow or unreachable database): answer with what is known, never fail the scrape.
            return snapshot;
        }
    }

    private Snapshot read() {
        Instant now = Instant.now();
        try (Connection connection = connections.open()) {
            double backlog;
            double oldestAge = 0;
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from mosaic_outbox where published_at is null")) {
                count.setQueryTimeout(2);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    backlog = rs.getLong(1);
                }
            }
            if (backlog > 0) {
                try (PreparedStatement oldest = connection.prepareStatement("select created_at from mosaic_outbox "
                        + "where published_at is null order by id fetch first 1 rows only")) {
                    oldest.setQueryTimeout(2);
                    try (ResultSet rs = oldest.executeQuery()) {
                        if (rs.next()) {
                            Timestamp created = rs.getTimestamp(1);
                            oldestAge = Math.max(0, Duration.between(created.toInstant(), now).toMillis() / 1000.0);
                        }
                    }
                }
            }
            Map<String, Double> dead = new HashMap<>();
            try (PreparedStatement letters = connection.prepareStatement("select topic, count(*) from mosaic_dead_letter "
                    + "where status = ? group by topic")) {
                letters.setQueryTimeout(2);
                letters.setString(1, DeadLetterStore.DEAD);
                try (ResultSet rs = letters.executeQuery()) {
                    while (rs.next()) {
                        dead.put(rs.getString(1), (double) rs.getLong(2));
                    }
                }
            }
            if (failing) {
                failing = false;
                LOG.info("Outbox and dead-letter gauges of " + serviceName + " read the database again");
            }
            return new Snapshot(now, backlog, oldestAge, dead);
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "Outbox and dead-letter gauges of " + serviceName + " could not read the "
                        + "database: " + e + "; they show no data until it answers (see /health/ready)");
            }
            return Snapshot.unknown(now);
        }
    }
}
