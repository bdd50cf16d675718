package dev.mosaic.platform.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that starts before its broker waits for the broker's port with plain TCP connections, says so once when
 * the wait starts and once when it ends, and never asks again once the broker has been reached.
 */
class BrokerContactTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Logger logger = Logger.getLogger(BrokerContact.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @Test
    void waitsUntilTheBrokersPortAcceptsThenSaysSoOnceAndNeverAsksAgain() throws Exception {
        int port = closedPort();
        BrokerContact contact = new BrokerContact("127.0.0.1:" + port);
        AtomicReference<ServerSocket> broker = new AtomicReference<>();
        AtomicInteger pauses = new AtomicInteger();
        try {
            boolean reached = contact.await(millis -> {
                assertThat(millis).isEqualTo(BrokerContact.RETRY_MILLIS);
                if (pauses.incrementAndGet() == 3) {
                    broker.set(listen(port));
                }
                return true;
            });

            assertThat(reached).isTrue();
            assertThat(pauses).hasValue(3);
        } finally {
            if (broker.get() != null) {
                broker.get().close();
            }
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("INFO Kafka at 127.0.0.1:" + port + " does not accept connections yet")
                .contains("committed events wait in the outbox");
        assertThat(lines.get(1)).startsWith("INFO Kafka at 127.0.0.1:" + port + " accepts connections");

        // The broker has gone again: from now on that is the Kafka clients' to report, not a reason to wait.
        assertThat(contact.reached()).isTrue();
        assertThat(lines).hasSize(2);
    }

    @Test
    void aBrokerThereFromTheStartIsReachedWithoutAWord() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 50, LOOPBACK)) {
            BrokerContact contact = new BrokerContact(" 127.0.0.1:" + closedPort() + " , 127.0.0.1:" + broker.getLocalPort());

            assertThat(contact.await(millis -> {
                throw new AssertionError("no pause: the second address accepts");
            })).isTrue();
        }
        assertThat(lines).isEmpty();
    }

    @Test
    void stopsWaitingWhenTheCallerStops() throws Exception {
        BrokerContact contact = new BrokerContact("127.0.0.1:" + closedPort());
        AtomicInteger pauses = new AtomicInteger();

        assertThat(contact.await(millis -> pauses.incrementAndGet() < 2)).isFalse();
        assertThat(pauses).hasValue(2);
        assertThat(contact.reached()).isFalse();
        assertThat(lines).hasSize(1);
    }

    @Test
    void aBootstrapListItCannotReadIsLeftToTheKafkaClientToReport() throws Exception {
        assertThat(new BrokerContact("not an address").reached()).isTrue();
        assertThat(lines).isEmpty();
    }

    private static ServerSocket listen(int port) {
        try {
            return new ServerSocket(port, 50, LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
