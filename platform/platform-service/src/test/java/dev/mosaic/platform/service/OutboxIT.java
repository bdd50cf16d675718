package dev.mosaic.platform.service;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple;

import dev.mosaic.platform.messaging.Outbox;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox against a real broker and database: what commits is published, what rolls back never is. */
@ExtendWith(ServiceInfra.class)
@HelidonTest
class OutboxIT {

    private static TopicProbe probe;

    @Inject
    FakeLedger ledger;

    @Inject
    Outbox outbox;

    @Inject
    TransactionManager transactions;

    @BeforeAll
    static void subscribe() {
        probe = new TopicProbe(TestKafka.bootstrapServers(), FakeLedger.TOPIC);
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @Test
    void committedEventIsPublishedRightAfterCommit() {
        String id = "entry-" + UUID.randomUUID();
        ledger.record(id, "committed");

        var event = probe.awaitEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(event.source()).isEqualTo("/test/ledger");
        assertThat(event.dataAsString()).contains(id);
        assertThat(event.extensions()).containsKeys("correlationid", "traceparent");
        assertThat(probe.records()).filteredOn(r -> id.equals(r.key())).hasSize(1);
    }

    @Test
    void aBurstOfCommitsIsPublishedOnceEachAndMarkedInAFewStatements() throws Exception {
        // Each commit wakes the relay for a pass of its own. Rows the broker acknowledged wait up to the mark delay
        // (100 ms) to be marked together; the passes in between must read past them, not send them again.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("burst-" + UUID.randomUUID());
        }
        long started = System.nanoTime();
        for (String id : ids) {
            ledger.record(id, "burst");
        }
        Set<Timestamp> marks = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            marks.clear();
            for (String id : ids) {
                Timestamp published = OutboxRows.publishedAt(id);
                assertThat(published).as("published_at of " + id).isNotNull();
                marks.add(published);
            }
        });
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        // At most one mark per delay, plus the last: one per pass, as before, would be about one per row.
        assertThat(marks).as("distinct published_at of 40 rows marked within %d ms", elapsedMillis)
                .hasSizeLessThanOrEqualTo((int) (elapsedMillis / 100) + 2);
        // Each event reached the broker once: a pass that sent acknowledged rows again would show here.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var records = probe.records();
            assertThat(ids.stream().map(id -> records.stream().filter(r -> id.equals(r.key())).count()).toList())
                    .as("records on the topic of each of the 40 events").containsOnly(1L);
        });
    }

    @Test
    void theChangeAndItsEventCommitThroughOneConnection() throws Exception {
        // Beans are created lazily, on whatever thread first uses them; make the outbox's a different one.
        Executors.newSingleThreadExecutor(r -> new Thread(r, "elsewhere")).submit(outbox::toString).get();
        String id = "entry-" + UUID.randomUUID();

        transactions.begin();
        try {
            ledger.record(id, "one connection");
            // One local resource: the row and its outbox event commit together, in one database transaction,
            // not in a two-phase commit over two connections that a crash could tear apart.
            assertThat(((TransactionImple) transactions.getTransaction()).getResources()).hasSize(1);
        } finally {
            transactions.commit();
        }
        assertThat(ledger.exists(id)).isTrue();
        assertThat(ledger.outboxRows(id)).isEqualTo(1);
    }

    @Test
    void eventOfRolledBackTransactionIsNeverPublished() {
        String id = "entry-" + UUID.randomUUID();
        assertThatThrownBy(() -> ledger.recordThenFail(id, "rolled back")).hasMessageContaining("simulated failure");

        assertThat(ledger.exists(id)).isFalse();
        assertThat(ledger.outboxRows(id)).isZero();
        // A later commit is published; by then the rolled-back one would have been too, had it escaped.
        String later = "entry-" + UUID.randomUUID();
        ledger.record(later, "committed after");
        probe.awaitEvent(FakeLedger.RECORDED, e -> later.equals(e.subject()), Duration.ofSeconds(10));
        probe.assertNoEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(2));
    }

    @Test
    void aChangeTheDatabaseRefusesAtCommitTakesItsEventWithIt() {
        // Storing an event does not flush the caller's entities: their rows are written at commit. A row the database
        // refuses there (a key already taken) must roll back the event stored before it, as it would at a flush.
        String id = "entry-" + UUID.randomUUID();
        String accepted = "note-" + UUID.randomUUID();
        String refused = "note-" + UUID.randomUUID();
        ledger.note(id, "first", accepted);

        assertThatThrownBy(() -> ledger.note(id, "second", refused)).isInstanceOf(Exception.class);

        assertThat(ledger.outboxRows(accepted)).isEqualTo(1);
        assertThat(ledger.outboxRows(refused)).isZero();
        probe.awaitEvent(FakeLedger.RECORDED, e -> accepted.equals(e.subject()), Duration.ofSeconds(10));
        probe.assertNoEvent(FakeLedger.RECORDED, e -> refused.equals(e.subject()), Duration.ofSeconds(2));
    }

    @Test
    void rowLeftBehindByACrashBetweenCommitAndPublishIsPublishedByTheSweep() throws Exception {
        // The database state a crash leaves: the transaction committed the row, nobody woke the relay.
        String id = "entry-" + UUID.randomUUID();
        insertOutboxRow(FakeLedger.TOPIC, id, Instant.now());

        var event = probe.awaitEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).contains(id);
        assertThat(ledger.outboxRows(id)).isEqualTo(1);
    }

    @Test
    void stuckRowShowsAsBacklogWithTheAgeOfTheOldestRowUntilItIsPublished() throws Exception {
        // A topic name the broker refuses: the relay keeps the row pending and counts each failed attempt.
        String stuckTopic = "not a valid topic!";
        String id = "entry-" + UUID.randomUUID();
        insertOutboxRow(stuckTopic, id, Instant.now().minusSeconds(120));
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Metrics metrics = Metrics.scrape(ServicePort.http());
                assertThat(metrics.value("mosaic_outbox_backlog")).isGreaterThanOrEqualTo(1);
                assertThat(metrics.value("mosaic_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(120);
                assertThat(metrics.count("mosaic_outbox_publish_failures_total", "topic", stuckTopic)).isGreaterThanOrEqualTo(1);
            });
        } finally {
            execute("delete from mosaic_outbox where event_key = '" + id + "'");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Metrics metrics = Metrics.scrape(ServicePort.http());
            assertThat(metrics.value("mosaic_outbox_backlog")).isZero();
            assertThat(metrics.value("mosaic_outbox_oldest_age_seconds")).isZero();
        });
        String published = "entry-" + UUID.randomUUID();
        ledger.record(published, "counted");
        probe.awaitEvent(FakeLedger.RECORDED, e -> published.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(Metrics.scrape(ServicePort.http()).count("mosaic_outbox_published_total", "topic", FakeLedger.TOPIC))
                .isGreaterThanOrEqualTo(1);
    }

    private static void insertOutboxRow(String topic, String key, Instant createdAt) throws Exception {
        try (Connection c = connection();
             PreparedStatement insert = c.prepareStatement("insert into mosaic_outbox (event_id, topic, event_key, "
                     + "event_type, source, subject, event_time, content_type, extensions, data, created_at, attempts) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, FakeLedger.RECORDED);
            insert.setString(5, "/test/ledger");
            insert.setString(6, key);
            insert.setString(7, Instant.now().toString());
            insert.setString(8, "application/json");
            insert.setString(9, "{}");
            insert.setString(10, "{\"id\":\"" + key + "\"}");
            insert.setTimestamp(11, Timestamp.from(createdAt));
            insert.executeUpdate();
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = connection(); var statement = c.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static Connection connection() throws Exception {
        return DriverManager.getConnection(System.getProperty("mosaic.db.url"), System.getProperty("mosaic.db.user"),
                System.getProperty("mosaic.db.password"));
    }
}
