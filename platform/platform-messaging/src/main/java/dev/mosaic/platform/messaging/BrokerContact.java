package dev.mosaic.platform.messaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.apache.kafka.common.utils.Utils;

/**
 * Whether this process has reached its Kafka broker yet. A service may start before the broker does: an instance
 * that comes up while the broker restarts, or {@code ./mosaic start <service>} while Kafka is stopped. A Kafka client
 * made then logs a warning for every connection the broker refuses, several a second, none of them news. So the consumer loop and the
 * outbox relay first wait here until one bootstrap address accepts a TCP connection (committed events wait in the
 * outbox meanwhile), which is said once when the wait starts and once when it ends.
 * <p>
 * Once reached, this answers true for good: a broker that goes away later is the Kafka clients' to report, and they
 * do. An address that cannot be parsed counts as reached, so that the client, not this check, reports it.
 */
final class BrokerContact {

    private static final Logger LOG = Logger.getLogger(BrokerContact.class.getName());
    /** How long one try waits for a connection; the local broker refuses or accepts within microseconds. */
    static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    /** The pause between tries while waiting. */
    static final long RETRY_MILLIS = 100;

    private final String bootstrap;
    private final List<InetSocketAddress> addresses;
    private volatile boolean reached;
    /** When the first try failed ({@link System#nanoTime}); guarded by this. */
    private long waitingSince;
    private boolean waiting;

    BrokerContact(String bootstrap) {
        this.bootstrap = bootstrap;
        this.addresses = parse(bootstrap);
        this.reached = addresses.isEmpty();
    }

    /** The bootstrap list's addresses; empty when one of them cannot be parsed (the client reports that). */
    private static List<InetSocketAddress> parse(String bootstrap) {
        List<InetSocketAddress> parsed = new ArrayList<>();
        for (String entry : bootstrap.split(",")) {
            String address = entry.strip();
            if (address.isEmpty()) {
                continue;
            }
            String host = Utils.getHost(address);
            Integer port = Utils.getPort(address);
            if (host == null || port == null) {
                return List.of();
            }
            parsed.add(InetSocketAddress.createUnresolved(host, port));
        }
        return parsed;
    }

    /** True once a bootstrap address has accepted a connection; tries again (at most one connection each) if not. */
    boolean reached() {
        if (reached) {
            return true;
        }
        synchronized (this) {
            if (reached) {
                return true;
            }
            String failure = null;
            for (InetSocketAddress address : addresses) {
                String refused = tryConnect(address);
                if (refused == null) {
                    reached = true;
                    if (waiting) {
                        LOG.info(() -> "Kafka at " + bootstrap + " accepts connections, "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSince)
                                + " ms after this service first tried; consuming and publishing start");
                    }
                    return true;
                }
                failure = address.getHostString() + ":" + address.getPort() + ": " + refused;
            }
            if (!waiting) {
                waiting = true;
                waitingSince = System.nanoTime();
                String why = failure;
                LOG.info(() -> "Kafka at " + bootstrap + " does not accept connections yet (" + why + "). The event "
                        + "consumer and the outbox relay start once it does; committed events wait in the outbox. "
                        + "If this lasts, check that the broker runs and that mosaic.kafka.bootstrap names it");
            }
            return false;
        }
    }

    /**
     * Waits until the broker has been reached, trying every {@value #RETRY_MILLIS} ms; false when the caller began
     * to stop first.
     */
    boolean await(Pause pause) throws InterruptedException {
        while (!reached()) {
            if (!pause.pause(RETRY_MILLIS)) {
                return false;
            }
        }
        return true;
    }

    /** The caller's own wait: true after the time has passed, false as soon as the caller is stopping. */
    @FunctionalInterface
    interface Pause {
        boolean pause(long millis) throws InterruptedException;
    }

    /** Null when the address accepted a connection; else why not. */
    private static String tryConnect(InetSocketAddress unresolved) {
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (address.isUnresolved()) {
            return "host name not resolved";
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
