package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.mosaic.platform.dev.KafkaBroker;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.KafkaCloudEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real Kafka broker per test JVM (KRaft, in-process, on a free port), started on first use.
 * Tests isolate themselves by topic and consumer group, not by broker.
 */
public final class TestKafka {

    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                // Under the module's target/ when run by the build, so `clean` removes it.
                Path parent = Path.of(System.getProperty("mosaic.data.dir", System.getProperty("java.io.tmpdir")));
                Files.createDirectories(parent);
                Path dir = Files.createTempDirectory(parent, "kafka-");
                broker = KafkaBroker.start(dir, 0, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker.bootstrapServers();
    }

    /** Publishes {@code event} in binary mode, as a producing service would, and waits for the broker's ack. */
    public static void publish(String topic, CloudEvent event) {
        send(KafkaCloudEvents.toRecord(topic, event));
    }

    /**
     * Publishes the events in one go (sent together, then every ack awaited), in order, as a busy producer does.
     *
     * @return where each landed, in the events' order
     */
    public static java.util.List<RecordMetadata> publishAll(String topic, java.util.List<CloudEvent> events) {
        return sendAll(events.stream().map(event -> KafkaCloudEvents.toRecord(topic, event)).toList());
    }

    /** Publishes any record (e.g. one that is not a CloudEvent at all) and waits for the broker's ack. */
    public static void send(ProducerRecord<String, byte[]> record) {
        sendAll(java.util.List.of(record));
    }

    /** Sends the records without waiting in between, then waits for the broker's ack of each; where each landed. */
    public static synchronized java.util.List<RecordMetadata> sendAll(java.util.List<ProducerRecord<String, byte[]>> records) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props);
        }
        java.util.List<java.util.concurrent.Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
        java.util.List<RecordMetadata> landed = new java.util.ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            try {
                landed.add(sent.get(i).get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("Could not publish to " + records.get(i).topic() + ": " + e, e);
            }
        }
        return landed;
    }
}
