package dev.mosaic.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        OutboxRows.insertUnwoken(id);

        var event = probe.awaitEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(10));
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).contains(id);
        assertThat(ledger.outboxRows(id)).isEqualTo(1);
    }
}
