package dev.mosaic.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple;

import dev.mosaic.testing.ServiceInfra;
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
    void rowLeftBehindByACrashBetweenCommitAndPublishIsPublishedByTheSweep() throws Exception {
        // The database state a crash leaves: the transaction committed the row, nobody woke the relay.
        String id = "entry-" + UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(System.getProperty("mosaic.db.url"),
                System.getProperty("mosaic.db.user"), System.getProperty("mosaic.db.password"));
             PreparedStatement insert = c.prepareStatement("insert into mosaic_outbox (event_id, topic, event_key, "
                     + "event_type, source, subject, event_time, content_type, extensions, data, created_at, attempts) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, FakeLedger.TOPIC);
            insert.setString(3, id);
            insert.setString(4, FakeLedger.RECORDED);
            insert.setString(5, "/test/ledger");
            insert.setString(6, id);
            insert.setString(7, Instant.now().toString());
            insert.setString(8, "application/json");
            insert.setString(9, "{}");
            insert.setString(10, "{\"id\":\"" + id + "\"}");
            insert.setTimestamp(11, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }

        var event = probe.awaitEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).contains(id);
        assertThat(ledger.outboxRows(id)).isEqualTo(1);
    }
}
