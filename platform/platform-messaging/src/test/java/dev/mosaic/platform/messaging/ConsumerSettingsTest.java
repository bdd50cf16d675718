package dev.mosaic.platform.messaging;

import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code mosaic.events.gather-ms}: what it asks of the broker's fetch, and the values it refuses. */
class ConsumerSettingsTest {

    @Test
    void withoutGatheringAFetchIsAnsweredAsSoonAsARecordIsThere() {
        Properties props = runner(0).consumerProperties();

        assertThat(props).doesNotContainKeys(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        assertThat(props).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "ledger");
    }

    @Test
    void gatheringHoldsAFetchUntilAPollsWorthIsThereOrTheTimeHasPassed() {
        Properties props = runner(250).consumerProperties();

        assertThat(props).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250)
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerRunner.GATHER_BYTES)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "ledger");
    }

    @Test
    void aGatheringTimeBelowZeroOrPastThePollsTimeoutIsRefusedByName() {
        assertThatThrownBy(() -> runner(-1)).hasMessageContaining("mosaic.events.gather-ms is -1");
        assertThatThrownBy(() -> runner(501)).hasMessageContaining("mosaic.events.gather-ms is 501").hasMessageContaining("500");
    }

    private static ConsumerRunner runner(long gatherMillis) {
        KafkaClients kafka = new KafkaClients("127.0.0.1:1", "ledger", Optional.of("ledger-1"), Optional.empty(),
                Optional.empty(), Optional.empty());
        return new ConsumerRunner(kafka, null, null, null, Optional.of("ledger.commands"), "poll", 3, 200, 50, 500, gatherMillis);
    }
}
