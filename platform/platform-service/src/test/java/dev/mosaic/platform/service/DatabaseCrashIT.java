package dev.mosaic.platform.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.CrashablePostgres;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.Metrics;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service's database crashes (PostgreSQL stopped in immediate mode, every connection cut) and comes back:
 * while it is down, work that needs it fails quickly, readiness says so, and events that arrive wait instead of
 * being dead-lettered; once it is back, the same process carries on without a restart: the pool reconnects, the
 * waiting events are handled once each, and the outbox relay publishes again.
 */
@ExtendWith(CrashablePostgres.class)
@HelidonTest
class DatabaseCrashIT {

    private static final String TOPIC = "ledger.commands";
    /** The test broker's num.partitions. */
    private static final int TOPIC_PARTITIONS = 3;
    private static TopicProbe published;

    @Inject
    FakeLedger ledger;

    @BeforeAll
    static void subscribe() {
        published = new TopicProbe(TestKafka.bootstrapServers(), FakeLedger.TOPIC);
    }

    @AfterAll
    static void close() {
        published.close();
    }

    @Test
    void theServiceRidesOutADatabaseCrashWithoutLosingOrDeadLetteringAnything() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String other = onAnotherPartition(account);
        TestKafka.publish(TOPIC, credit(account, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied(account) == 1);
        recordAndAwaitPublished("before the crash");
        double deadLettered = Metrics.scrape(http()).count("mosaic_events_dead_lettered_total", "topic", TOPIC);
        double failed = Metrics.scrape(http()).count("mosaic_events_failed_total", "type", FakeCreditHandler.TYPE);

        CrashablePostgres.crash();
        try {
            Instant start = Instant.now();
            assertThatThrownBy(() -> ledger.record("entry-" + UUID.randomUUID(), "while down")).isNotNull();
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(15)).until(() -> http().get("/health/ready").statusCode() == 503);

            // Two accounts on two partitions: the events of both wait, none is skipped.
            for (int i = 0; i < 5; i++) {
                TestKafka.publish(TOPIC, credit(account, 10));
                TestKafka.publish(TOPIC, credit(other, 10));
            }
            // The consumer keeps trying past the 3 attempts after which a failing event would be dead-lettered
            // (each attempt waits out the pool's 5 s connection timeout, then a pause that grows to 5 s).
            await().atMost(Duration.ofSeconds(60)).until(() -> Metrics.scrape(http())
                    .count("mosaic_events_failed_total", "type", FakeCreditHandler.TYPE) >= failed + 4);
            assertThat(Metrics.scrape(http()).count("mosaic_events_dead_lettered_total", "topic", TOPIC)).isEqualTo(deadLettered);
        } finally {
            CrashablePostgres.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> http().get("/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.applied(account) == 51 && ledger.applied(other) == 50);
        recordAndAwaitPublished("after the crash");
        assertThat(Metrics.scrape(http()).count("mosaic_events_dead_lettered_total", "topic", TOPIC)).isEqualTo(deadLettered);
        assertThat(ledger.applied(account)).isEqualTo(51);
        assertThat(ledger.applied(other)).isEqualTo(50);
    }

    /** An account whose events the producer's default partitioner puts on another of the topic's 3 partitions. */
    private static String onAnotherPartition(String account) {
        while (true) {
            String other = "acct-" + UUID.randomUUID();
            if (partition(other) != partition(account)) {
                return other;
            }
        }
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % TOPIC_PARTITIONS;
    }

    private void recordAndAwaitPublished(String note) {
        String id = "entry-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            ledger.record(id, note);
            return true;
        });
        published.awaitEvent(FakeLedger.RECORDED, e -> id.equals(e.subject()), Duration.ofSeconds(30));
    }

    private static CloudEvent credit(String account, int amount) {
        return CloudEvent.create("/test/bank", FakeCreditHandler.TYPE, account,
                "{\"account\":\"" + account + "\",\"amount\":" + amount + "}");
    }

    private static Http http() {
        return ServicePort.http();
    }
}
