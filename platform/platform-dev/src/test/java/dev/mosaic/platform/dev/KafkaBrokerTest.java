package dev.mosaic.platform.dev;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker the dev stack and the tests run keeps a small deduplication map for its log cleaner, and the cleaner
 * still compacts with it: a compacted topic written over and over keeps one record per key.
 */
class KafkaBrokerTest {

    private static final int KEYS = 20;
    private static final int ROUNDS = 100;

    @TempDir
    Path data;

    @Test
    void aCompactedTopicKeepsTheLatestRecordOfEachKeyWithTheSmallDeduplicationMap() throws Exception {
        // The cleaner looks for work every 200 ms instead of every 15 s.
        try (KafkaBroker broker = KafkaBroker.start(data, 0, 0, Map.of("log.cleaner.backoff.ms", "200"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            assertThat(admin.describeConfigs(List.of(node)).all().get().get(node)
                    .get("log.cleaner.dedupe.buffer.size").value())
                    .isEqualTo(Long.toString(KafkaBroker.DEDUPE_BUFFER_BYTES));

            TopicPartition partition = new TopicPartition("products", 0);
            // A segment is closed by the first record written 100 ms after it was opened: only closed ones are cleaned.
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01"))))
                    .all().get();
            try (KafkaProducer<String, String> producer = producer(broker);
                 KafkaConsumer<String, String> consumer = consumer(broker)) {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int key = 0; key < KEYS; key++) {
                        producer.send(new ProducerRecord<>(partition.topic(), "sku-" + key, "price-" + round));
                    }
                }
                producer.flush();
                consumer.assign(List.of(partition));

                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    // Closes the segment the rounds went into (and the one before), so that the cleaner may take it.
                    producer.send(new ProducerRecord<>(partition.topic(), "tick", "tick")).get();
                    return skuRecords(consumer, partition).size() == KEYS;
                });
                Map<String, String> latest = new HashMap<>();
                skuRecords(consumer, partition).forEach(r -> latest.put(r.key(), r.value()));
                assertThat(latest).hasSize(KEYS)
                        .allSatisfy((key, value) -> assertThat(value).isEqualTo("price-" + (ROUNDS - 1)));
            }
        }
    }

    /** Every record of the partition from its start to its end, but the ticks. */
    private static List<ConsumerRecord<String, String>> skuRecords(KafkaConsumer<String, String> consumer,
                                                                  TopicPartition partition) {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (consumer.position(partition) < end) {
            consumer.poll(Duration.ofMillis(200)).records(partition).stream()
                    .filter(r -> r.key().startsWith("sku-")).forEach(records::add);
        }
        return records;
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }
}
