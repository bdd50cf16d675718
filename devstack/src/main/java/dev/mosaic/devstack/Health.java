package dev.mosaic.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Readiness: {@code GET /health/ready} for services and the gateway, a cluster description for the broker. */
public final class Health {

    /** One look at a process: ready or not, and what was seen (for the error message when it never gets ready). */
    public record Probe(boolean ready, String detail) {
    }

    /** Thrown when a process does not get ready in time or exits on the way. */
    public static final class NotReadyException extends Exception {
        private final String name;

        public NotReadyException(String name, String message) {
            super(message);
            this.name = name;
        }

        /** The process that did not get ready. */
        public String name() {
            return name;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private Health() {
    }

    public static Probe http(int port) {
        return http("127.0.0.1", port, "/health/ready");
    }

    /** GET {@code path} at {@code host:port}: ready on a 200 (a kubelet's HTTP probe also takes 2xx-3xx; ours serve 200). */
    public static Probe http(String host, int port, String path) {
        return http(host, port, path, null);
    }

    /** GET {@code path} at {@code host:port} with {@code bearer} (a token, or null for none): ready on a 200. */
    public static Probe http(String host, int port, String path, String bearer) {
        URI uri = URI.create("http://" + host + ":" + port + path);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Probe(response.statusCode() == 200, "GET " + uri + " answered " + response.statusCode());
        } catch (IOException e) {
            return new Probe(false, "GET " + uri + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted");
        }
    }

    /** Asks the broker for its cluster description; reuse one instance while polling, it holds a client. */
    public static final class KafkaProbe implements AutoCloseable {
        private final String host;
        private final int port;
        private Admin admin;

        public KafkaProbe(String host, int port) {
            this.host = host;
            this.port = port;
        }

        public Probe probe() {
            String bootstrap = host + ":" + port;
            // A client asking a closed port waits out its whole timeout before the next try; a plain connect
            // answers at once, so the cluster is only asked once the broker listens.
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
            } catch (IOException e) {
                return new Probe(false, "Kafka at " + bootstrap + " does not accept connections: " + describe(e));
            }
            try {
                int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(1500))
                        .nodes().get(2, TimeUnit.SECONDS).size();
                return new Probe(nodes > 0, "Kafka at " + bootstrap + " reports " + nodes + " node(s)");
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                return new Probe(false, "Kafka at " + bootstrap + " did not describe its cluster: " + describe(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Probe(false, "interrupted");
            }
        }

        private Admin admin() {
            if (admin == null) {
                // Short timeouts and backoffs: this client only asks "are you there?" and must not hang.
                admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
                        AdminClientConfig.CLIENT_ID_CONFIG, "mosaic-devstack-probe",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500,
                        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000,
                        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000,
                        AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                        AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                        AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
            }
            return admin;
        }

        @Override
        public void close() {
            if (admin != null) {
                admin.close(Duration.ofMillis(500));
            }
        }
    }

    /**
     * Polls {@code probe} until it reports ready, the process exits ({@code alive} turns false) or the
     * timeout passes; the exception says which, with the last thing the probe saw.
     */
    public static void await(String name, Supplier<Probe> probe, BooleanSupplier alive,
                             Duration timeout) throws NotReadyException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Probe last = probe.get();
            if (last.ready()) {
                return;
            }
            if (!alive.getAsBoolean()) {
                throw new NotReadyException(name, name + " exited before it became ready (" + last.detail() + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NotReadyException(name, name + " did not become ready within " + timeout.toSeconds() + " s ("
                        + last.detail() + ")");
            }
            ProcessControl.pause(Duration.ofMillis(200));
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
