package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mosaic.devstack.kafka.KafkaBroker;

/**
 * One real Kafka broker per test JVM (KRaft, in-process, on a free port), started on first use.
 * Tests isolate themselves by topic and consumer group, not by broker.
 */
public final class TestKafka {

    private static KafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("mosaic-test-kafka");
                broker = KafkaBroker.start(dir, 0, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker.bootstrapServers();
    }
}
