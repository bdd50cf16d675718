package dev.mosaic.platform.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The database gauges read cheaply, and a database that is down or slow never fails or holds up a scrape. */
class OutboxMetricsTest {

    private static final Optional<String> TOPICS = Optional.of("a.events, b.events");

    @Test
    void readsBacklogOldestAgeAndDeadLettersPerTopic() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table mosaic_outbox (id bigint generated always as identity primary key, "
                    + "created_at timestamp with time zone not null, published_at timestamp with time zone)");
            s.execute("create table mosaic_dead_letter (topic varchar(249), status varchar(16))");
            s.execute("insert into mosaic_outbox (created_at, published_at) values (current_timestamp - interval '10' minute, current_timestamp)");
            s.execute("insert into mosaic_outbox (created_at) values (current_timestamp - interval '90' second)");
            s.execute("insert into mosaic_outbox (created_at) values (current_timestamp)");
            s.execute("insert into mosaic_dead_letter values ('a.events', 'DEAD'), ('a.events', 'DEAD'), ('a.events', 'REDRIVEN')");
        }
        OutboxMetrics metrics = new OutboxMetrics("test", () -> DriverManager.getConnection(url), TOPICS, 5000, 1000, null);

        OutboxMetrics.Snapshot snapshot = metrics.current();

        assertThat(snapshot.backlog()).isEqualTo(2);
        assertThat(snapshot.oldestAgeSeconds()).isBetween(89.0, 120.0);
        assertThat(snapshot.deadLetters("a.events")).isEqualTo(2);
        assertThat(snapshot.deadLetters("b.events")).isZero();
    }

    @Test
    void databaseDownReadsNoDataInsteadOfFailingTheScrape() {
        OutboxMetrics metrics = new OutboxMetrics("test", () -> {
            throw new SQLException("Connection refused");
        }, TOPICS, 5000, 1000, null);

        OutboxMetrics.Snapshot snapshot = metrics.current();

        assertThat(snapshot.backlog()).isNaN();
        assertThat(snapshot.oldestAgeSeconds()).isNaN();
        assertThat(snapshot.deadLetters("a.events")).isNaN();
    }

    @Test
    void aSlowDatabaseHoldsAScrapeNoLongerThanTheWait() {
        OutboxMetrics metrics = new OutboxMetrics("test", () -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("timed out");
        }, TOPICS, 5000, 200, null);
        try {
            long start = System.nanoTime();
            OutboxMetrics.Snapshot snapshot = metrics.current();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(snapshot.backlog()).isNaN();
        } finally {
            metrics.close();
        }
    }

    @Test
    void scrapesWithinTheTtlShareOneRead() {
        AtomicInteger reads = new AtomicInteger();
        OutboxMetrics metrics = new OutboxMetrics("test", () -> {
            reads.incrementAndGet();
            throw new SQLException("down");
        }, TOPICS, 60_000, 1000, null);

        metrics.current();
        metrics.current();
        metrics.current();

        assertThat(reads).hasValue(1);
    }
}
