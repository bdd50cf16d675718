package dev.mosaic.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.KafkaCloudEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic from the beginning in a private consumer group, to assert what was (or was not) published.
 * Await with {@link #awaitEvent}; prove absence with {@link #assertNoEvent} over a stated window.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();

    public TopicProbe(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
    }

    /** Every record read so far (polls once more first). */
    public List<ConsumerRecord<String, byte[]>> records() {
        poll();
        return new ArrayList<>(records);
    }

    /** Every readable CloudEvent read so far. */
    public List<CloudEvent> events() {
        return records().stream().map(KafkaCloudEvents::fromRecord).toList();
    }

    /** Waits up to {@code timeout} for an event of {@code type} matching {@code match}; returns it. */
    public CloudEvent awaitEvent(String type, Predicate<CloudEvent> match, Duration timeout) {
        CloudEvent[] found = new CloudEvent[1];
        Awaitility.await("an event " + type + " on the topic").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    found[0] = events().stream().filter(e -> e.type().equals(type)).filter(match).findFirst().orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** Asserts that no event of {@code type} matching {@code match} shows up during {@code window}. */
    public void assertNoEvent(String type, Predicate<CloudEvent> match, Duration window) {
        Awaitility.await("no event " + type + " for " + window).during(window).atMost(window.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> events().stream().noneMatch(e -> e.type().equals(type) && match.test(e)));
    }

    /** Number of events of {@code type} matching {@code match} read so far. */
    public long count(String type, Predicate<CloudEvent> match) {
        return events().stream().filter(e -> e.type().equals(type)).filter(match).count();
    }

    private synchronized void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
