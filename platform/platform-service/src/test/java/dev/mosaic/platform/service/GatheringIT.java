package dev.mosaic.platform.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.TestKafka;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer that gathers ({@code mosaic.events.gather-ms}): events that arrive on several partitions within the
 * gathering time are handled in one transaction, not one per partition or per event, and an event that cannot be
 * handled among them still changes only itself.
 */
@ExtendWith(ServiceInfra.class)
@HelidonTest
@AddConfig(key = "mosaic.events.gather-ms", value = "300")
@AddConfig(key = "mosaic.events.batch-size", value = "10")
class GatheringIT {

    private static final String TOPIC = "ledger.commands";
    /** The local broker's default (platform-dev KafkaBroker), which the test topic is created with. */
    private static final int PARTITIONS = 3;

    @Inject
    FakeLedger ledger;

    @Test
    void eventsArrivingOnEveryPartitionWithinTheGatheringTimeAreHandledInOneTransactionOrTwo() {
        String account = "acct-" + UUID.randomUUID();
        List<CloudEvent> credits = keysOnEveryPartition(6).stream().map(key -> credit(key, account)).toList();

        List<RecordMetadata> landed = TestKafka.publishAll(TOPIC, credits);

        assertThat(landed.stream().map(RecordMetadata::partition).distinct().count()).isEqualTo(PARTITIONS);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied(account) >= credits.size());
        assertThat(ledger.applied(account)).isEqualTo(credits.size());
        // Handled partition by partition, they would take a transaction each at least. Published within the gathering
        // time, they are in one fetch, or in two when that time ran out while they arrived.
        long transactions = credits.stream().map(e -> FakeCreditHandler.TRANSACTIONS.get(e.id())).distinct().count();
        assertThat(transactions).isLessThanOrEqualTo(2);
    }

    @Test
    void aBrokenEventGatheredWithOthersChangesOnlyItself() {
        String healthy = "acct-" + UUID.randomUUID();
        String broken = "acct-" + UUID.randomUUID();
        FakeCreditHandler.BROKEN.add(broken);
        try {
            List<String> keys = keysOnEveryPartition(6);
            List<CloudEvent> credits = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                credits.add(credit(keys.get(i), i == 2 ? broken : healthy));
            }

            TestKafka.publishAll(TOPIC, credits);

            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied(healthy) >= credits.size() - 1);
            assertThat(ledger.applied(healthy)).isEqualTo(credits.size() - 1);
            assertThat(ledger.applied(broken)).isZero();
            credits.stream().filter(credit -> !credit.dataAsString().contains(broken))
                    .forEach(credit -> assertThat(ledger.inboxRows(credit.id())).as("inbox rows of %s", credit.id()).isOne());
        } finally {
            FakeCreditHandler.BROKEN.remove(broken);
        }
    }

    /** {@code count} record keys that the producer's partitioner spreads over every partition, in turn. */
    private static List<String> keysOnEveryPartition(int count) {
        List<String> keys = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        while (keys.size() < count) {
            String key = "key-" + UUID.randomUUID();
            int partition = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
            if (partition == keys.size() % PARTITIONS) {
                keys.add(key);
                covered.add(partition);
            }
        }
        assertThat(covered).hasSize(PARTITIONS);
        return keys;
    }

    private static CloudEvent credit(String key, String account) {
        return CloudEvent.create("/test/bank", FakeCreditHandler.TYPE, key, "{\"account\":\"" + account + "\",\"amount\":1}");
    }
}
