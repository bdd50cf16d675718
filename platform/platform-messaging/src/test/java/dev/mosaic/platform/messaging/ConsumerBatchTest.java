package dev.mosaic.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One poll's records, on two partitions, when a record cannot reach an end (its service's database is down): it and
 * everything behind it, on its partition and on every partition not reached yet, are put back to be read again;
 * only what was handled is committed. A record a poll returned that was neither handled nor put back would be
 * skipped for good, since the consumer's position is already past it.
 */
class ConsumerBatchTest {

    private static final TopicPartition FIRST = new TopicPartition("ledger.commands", 0);
    private static final TopicPartition SECOND = new TopicPartition("ledger.commands", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<ConsumerRecord<String, byte[]>> handled = new ArrayList<>();

    @BeforeEach
    void twoPartitionsWithRecords() {
        consumer.assign(List.of(FIRST, SECOND));
        consumer.updateBeginningOffsets(Map.of(FIRST, 0L, SECOND, 0L));
        for (long offset = 0; offset < 3; offset++) {
            consumer.addRecord(new ConsumerRecord<>(FIRST.topic(), FIRST.partition(), offset, "a", new byte[0]));
            consumer.addRecord(new ConsumerRecord<>(SECOND.topic(), SECOND.partition(), offset, "b", new byte[0]));
        }
    }

    @Test
    void aRecordThatCannotBeHandledIsPutBackWithEverythingBehindItOnEveryPartition() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        assertThat(records.partitions()).containsExactlyInAnyOrder(FIRST, SECOND);
        TopicPartition blockedOn = records.partitions().iterator().next();
        TopicPartition notReached = blockedOn.equals(FIRST) ? SECOND : FIRST;

        boolean done = ConsumerRunner.processBatch(consumer, records, record -> {
            if (record.partition() == blockedOn.partition() && record.offset() == 1) {
                return false;
            }
            handled.add(record);
            return true;
        }, () -> false);

        assertThat(done).isFalse();
        assertThat(handled).extracting(ConsumerRecord::partition, ConsumerRecord::offset)
                .containsExactly(tuple(blockedOn.partition(), 0L));
        assertThat(consumer.position(blockedOn)).isEqualTo(1);
        assertThat(consumer.position(notReached)).isEqualTo(0);
        assertThat(consumer.committed(Set.of(blockedOn, notReached)))
                .containsEntry(blockedOn, new OffsetAndMetadata(1))
                .doesNotContainKey(notReached);
    }

    @Test
    void aBatchHandledToTheEndIsCommittedToTheEnd() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);

        boolean done = ConsumerRunner.processBatch(consumer, records, handled::add, () -> false);

        assertThat(done).isTrue();
        assertThat(handled).hasSize(6);
        assertThat(consumer.position(FIRST)).isEqualTo(3);
        assertThat(consumer.position(SECOND)).isEqualTo(3);
        assertThat(consumer.committed(Set.of(FIRST, SECOND)))
                .containsEntry(FIRST, new OffsetAndMetadata(3)).containsEntry(SECOND, new OffsetAndMetadata(3));
    }

    @Test
    void consecutiveRecordsAreHandledTogetherAndAChunkThatFailsTogetherIsHandledOneByOne() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        List<List<Long>> together = new ArrayList<>();

        // Chunks of two: offsets 0-1 and 2 of each partition. Any chunk holding offset 1 of FIRST fails together.
        boolean done = ConsumerRunner.processBatch(consumer, records, 2, chunk -> {
            if (chunk.stream().anyMatch(r -> r.partition() == FIRST.partition() && r.offset() == 1)) {
                return false;
            }
            together.add(chunk.stream().map(ConsumerRecord::offset).toList());
            return true;
        }, handled::add, () -> false);

        assertThat(done).isTrue();
        // SECOND's first chunk went together; FIRST's first chunk one by one; the last records are single (not batched).
        assertThat(together).containsExactly(List.of(0L, 1L));
        assertThat(handled).extracting(ConsumerRecord::partition, ConsumerRecord::offset).containsExactlyInAnyOrder(
                tuple(FIRST.partition(), 0L), tuple(FIRST.partition(), 1L), tuple(FIRST.partition(), 2L),
                tuple(SECOND.partition(), 2L));
        assertThat(consumer.committed(Set.of(FIRST, SECOND)))
                .containsEntry(FIRST, new OffsetAndMetadata(3)).containsEntry(SECOND, new OffsetAndMetadata(3));
    }

    @Test
    void aRecordOfAFailedChunkThatCannotReachAnEndPutsBackItselfAndWhatFollows() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        TopicPartition first = records.partitions().iterator().next();
        TopicPartition second = first.equals(FIRST) ? SECOND : FIRST;

        boolean done = ConsumerRunner.processBatch(consumer, records, 3, chunk -> false, record -> {
            if (record.partition() == first.partition() && record.offset() == 1) {
                return false;
            }
            handled.add(record);
            return true;
        }, () -> false);

        assertThat(done).isFalse();
        assertThat(handled).extracting(ConsumerRecord::partition, ConsumerRecord::offset)
                .containsExactly(tuple(first.partition(), 0L));
        assertThat(consumer.position(first)).isEqualTo(1);
        assertThat(consumer.position(second)).isEqualTo(0);
        assertThat(consumer.committed(Set.of(first, second))).containsEntry(first, new OffsetAndMetadata(1)).doesNotContainKey(second);
    }

    @Test
    void aPollOfSeveralPartitionsThatFitsABatchIsHandledInOneGoAndCommittedToItsEnd() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        List<List<ConsumerRecord<String, byte[]>>> together = new ArrayList<>();

        boolean done = ConsumerRunner.processBatch(consumer, records, 6, chunk -> together.add(List.copyOf(chunk)),
                handled::add, () -> false);

        assertThat(done).isTrue();
        assertThat(together).hasSize(1);
        assertThat(together.getFirst()).extracting(ConsumerRecord::partition, ConsumerRecord::offset).containsExactlyInAnyOrder(
                tuple(FIRST.partition(), 0L), tuple(FIRST.partition(), 1L), tuple(FIRST.partition(), 2L),
                tuple(SECOND.partition(), 0L), tuple(SECOND.partition(), 1L), tuple(SECOND.partition(), 2L));
        // Each partition's records in their order.
        assertThat(together.getFirst().stream().filter(r -> r.partition() == FIRST.partition()).map(ConsumerRecord::offset))
                .containsExactly(0L, 1L, 2L);
        assertThat(handled).isEmpty();
        assertThat(consumer.committed(Set.of(FIRST, SECOND)))
                .containsEntry(FIRST, new OffsetAndMetadata(3)).containsEntry(SECOND, new OffsetAndMetadata(3));
    }

    @Test
    void aPollThatFailsTogetherIsTriedAgainPartitionByPartition() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        List<Integer> sizes = new ArrayList<>();

        // The poll's batch fails (it holds both partitions); each partition's chunk on its own goes through.
        boolean done = ConsumerRunner.processBatch(consumer, records, 10, chunk -> {
            sizes.add(chunk.size());
            return chunk.stream().map(ConsumerRecord::partition).distinct().count() == 1;
        }, handled::add, () -> false);

        assertThat(done).isTrue();
        assertThat(sizes).containsExactly(6, 3, 3);
        assertThat(handled).isEmpty();
        assertThat(consumer.committed(Set.of(FIRST, SECOND)))
                .containsEntry(FIRST, new OffsetAndMetadata(3)).containsEntry(SECOND, new OffsetAndMetadata(3));
    }
}
