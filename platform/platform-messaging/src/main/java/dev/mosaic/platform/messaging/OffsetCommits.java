package dev.mosaic.platform.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The offsets of records that reached an end, committed together at most once per interval instead of after every
 * poll. Each commit is a round trip to the group coordinator and a record appended to {@code __consumer_offsets};
 * at a few records per poll that was one commit per record. Safe because the inbox makes a record delivered again
 * change nothing: a crash redelivers at most one interval's records and never skips one, since only records that
 * reached an end are ever added. Committed at once when a poll found nothing (the consumer is idle), for partitions
 * being revoked, and when the consumer closes.
 */
final class OffsetCommits {

    private static final Logger LOG = Logger.getLogger(OffsetCommits.class.getName());

    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastCommit;

    OffsetCommits(long intervalMillis, LongSupplier nanoClock) {
        this.intervalNanos = Math.max(0, intervalMillis) * 1_000_000;
        this.nanoClock = nanoClock;
        this.lastCommit = nanoClock.getAsLong();
    }

    /** Records up to these offsets (exclusive) reached an end; a later offset of a partition replaces an earlier. */
    void add(Map<TopicPartition, OffsetAndMetadata> done) {
        done.forEach((partition, offset) -> pending.merge(partition, offset,
                (before, after) -> after.offset() >= before.offset() ? after : before));
    }

    /** Commits what is pending, without waiting for the answer, once the interval has passed or when idle. */
    void maybeCommit(Consumer<?, ?> consumer, boolean idle) {
        long now = nanoClock.getAsLong();
        if (pending.isEmpty() || (!idle && now - lastCommit < intervalNanos)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pending);
        pending.clear();
        lastCommit = now;
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Committing offsets " + offsets + " failed (" + failure + "); those records will be "
                        + "delivered again after a restart or rebalance, and the inbox will skip them");
            }
        });
    }

    /** Commits, and waits for, what is pending for {@code partitions} (all of them when null): before they are revoked or the consumer closes. */
    void commitNow(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.forEach((partition, offset) -> {
            if (partitions == null || partitions.contains(partition)) {
                offsets.put(partition, offset);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        offsets.keySet().forEach(pending::remove);
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets);
                return;
            } catch (WakeupException e) {
                // A stop's wakeup meant for the poll lands on the first blocking call instead: this one, once.
                if (attempt > 1) {
                    throw e;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Committing offsets " + offsets + " failed; those records will be delivered again "
                        + "and the inbox will skip them", e);
                return;
            }
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }
}
