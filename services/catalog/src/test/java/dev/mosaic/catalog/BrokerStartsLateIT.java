package dev.mosaic.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.mosaic.catalog.messaging.OutboxProductEvents;
import dev.mosaic.platform.dev.KafkaBroker;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TopicProbe;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog started before its broker (an instance that comes up while the broker restarts): it is ready without
 * it and logs no warning while it waits; once the broker listens, it says so once, its outbox relay publishes the demo catalog's
 * announcements and its consumer joins its group, and no Kafka client of the service has logged a refused connection.
 */
@ExtendWith({ServiceInfra.class, BrokerStartsLateIT.LateBroker.class})
@HelidonTest
class BrokerStartsLateIT {

    /** A topic for the catalog's consumer, which consumes nothing by default. */
    private static final String PROBED_TOPIC = "catalog.late-broker-probe";

    @Test
    void waitsQuietlyForALateBrokerThenPublishesAndConsumes() throws Exception {
        // Installed now: the server's start replaced the logging configuration, and every handler with it.
        Logger.getLogger("").addHandler(LateBroker.RECORDER);
        HttpResponse<String> ready = ServicePort.http().get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        // A Kafka client would try again within a second (its reconnect backoff grows to 1 s) and warn each time.
        await("no warning about the missing broker").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(LateBroker.warnings::isEmpty);

        Path dir = Files.createTempDirectory(Path.of(System.getProperty("mosaic.data.dir", System.getProperty("java.io.tmpdir"))),
                "late-kafka-");
        LateBroker.broker = KafkaBroker.start(dir, LateBroker.port, 0);

        try (TopicProbe events = new TopicProbe(LateBroker.broker.bootstrapServers(), OutboxProductEvents.TOPIC)) {
            events.awaitEvent(OutboxProductEvents.CREATED, event -> true, Duration.ofSeconds(30));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LateBroker.broker.bootstrapServers()))) {
            await("the catalog's consumer in its group").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> admin.describeConsumerGroups(List.of("catalog")).all().get().get("catalog").members().size() == 1);
        }

        // Said once, for both the consumer and the relay, and only because they had waited.
        assertThat(LateBroker.said("accepts connections")).isEqualTo(1);
        assertThat(LateBroker.warnings).as("warnings about the broker from the service's own clients and relay").isEmpty();
    }

    /**
     * Points the service at a loopback port nothing listens on yet (after {@link ServiceInfra} pointed it at the test
     * broker), gives it a topic to consume, and records what it logs about the broker once the test installs
     * {@link #RECORDER}.
     */
    static class LateBroker implements BeforeAllCallback, AfterAllCallback {
        static int port;
        static KafkaBroker broker;
        static final List<String> warnings = new CopyOnWriteArrayList<>();
        static final List<String> infos = new CopyOnWriteArrayList<>();
        static final Handler RECORDER = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String logger = String.valueOf(record.getLoggerName());
                String message = String.valueOf(record.getMessage());
                if (logger.endsWith(".BrokerContact")) {
                    infos.add(message);
                }
                boolean ours = logger.startsWith("dev.mosaic.platform.messaging")
                        // The service's clients (catalog-producer, catalog-consumer), not the test broker's own.
                        || logger.startsWith("org.apache.kafka.clients") && message.contains("catalog-")
                        && (message.contains("could not be established") || message.contains("disconnected"));
                if (ours && record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(logger + ": " + message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        static long said(String words) {
            return infos.stream().filter(line -> line.contains(words)).count();
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("mosaic.kafka.bootstrap", "127.0.0.1:" + port);
            System.setProperty("mosaic.events.topics", PROBED_TOPIC);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            Logger.getLogger("").removeHandler(RECORDER);
            System.clearProperty("mosaic.events.topics");
            if (broker != null) {
                broker.close();
            }
        }
    }
}
