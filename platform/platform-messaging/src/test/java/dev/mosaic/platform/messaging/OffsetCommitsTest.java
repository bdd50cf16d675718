package dev.mosaic.platform.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offsets of handled records are committed together: not after every poll, but once the interval has passed, at once
 * when a poll found nothing, and for partitions about to be revoked; never an offset before its record's end.
 */
class OffsetCommitsTest {

    private static final TopicPartition FIRST = new TopicPartition("ledger.commands", 0);
    private static final TopicPartition SECOND = new TopicPartition("ledger.commands", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final OffsetCommits commits = new OffsetCommits(500, now::get);

    @BeforeEach
    void twoPartitions() {
        consumer.assign(List.of(FIRST, SECOND));
    }

    @Test
    void busyPollsCommitOncePerIntervalWithTheLatestOffsets() {
        commits.add(Map.of(FIRST, new OffsetAndMetadata(1)));
        commits.maybeCommit(consumer, false);
        commits.add(Map.of(FIRST, new OffsetAndMetadata(3), SECOND, new OffsetAndMetadata(2)));
        now.addAndGet(499_000_000L);
        commits.maybeCommit(consumer, false);
        assertThat(consumer.committed(Set.of(FIRST, SECOND))).as("nothing within the interval").isEmpty();

        now.addAndGet(1_000_000L);
        commits.maybeCommit(consumer, false);

        assertThat(consumer.committed(Set.of(FIRST, SECOND)))
                .containsEntry(FIRST, new OffsetAndMetadata(3)).containsEntry(SECOND, new OffsetAndMetadata(2));
        assertThat(commits.isEmpty()).isTrue();
    }

    @Test
    void anIdleConsumerCommitsAtOnceAndAnEarlierOffsetNeverReplacesALaterOne() {
        commits.add(Map.of(FIRST, new OffsetAndMetadata(5)));
        commits.add(Map.of(FIRST, new OffsetAndMetadata(4)));

        commits.maybeCommit(consumer, true);

        assertThat(consumer.committed(Set.of(FIRST))).containsEntry(FIRST, new OffsetAndMetadata(5));
    }

    @Test
    void partitionsBeingRevokedAreCommittedAndTheOthersWait() {
        commits.add(Map.of(FIRST, new OffsetAndMetadata(2), SECOND, new OffsetAndMetadata(7)));

        commits.commitNow(consumer, List.of(SECOND));

        assertThat(consumer.committed(Set.of(FIRST, SECOND))).containsOnlyKeys(SECOND).containsEntry(SECOND, new OffsetAndMetadata(7));
        assertThat(commits.isEmpty()).isFalse();
        commits.commitNow(consumer, null);
        assertThat(consumer.committed(Set.of(FIRST))).containsEntry(FIRST, new OffsetAndMetadata(2));
        assertThat(commits.isEmpty()).isTrue();
    }

    @Test
    void aStopsWakeupLandingOnTheClosingCommitIsAbsorbedOnce() {
        AtomicLong wakeups = new AtomicLong(1);
        MockConsumer<String, byte[]> stopping = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                if (wakeups.getAndDecrement() > 0) {
                    throw new WakeupException();
                }
                super.commitSync(offsets);
            }
        };
        stopping.assign(List.of(FIRST));
        commits.add(Map.of(FIRST, new OffsetAndMetadata(9)));

        commits.commitNow(stopping, null);

        assertThat(stopping.committed(Set.of(FIRST))).containsEntry(FIRST, new OffsetAndMetadata(9));
    }
}
