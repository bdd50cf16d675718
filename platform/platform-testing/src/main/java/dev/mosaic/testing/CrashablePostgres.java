package dev.mosaic.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.mosaic.platform.dev.FreePort;
import dev.mosaic.platform.dev.PostgresCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a service test class a PostgreSQL cluster of its own that the test may crash and start again
 * ({@link #crash()}, {@link #start()}), plus the test Kafka broker and token keys, as {@link ServiceInfra} does.
 * The cluster is initdb'd into a temporary directory on a spare loopback port and stopped and removed when the
 * JVM exits. Without PostgreSQL's server programs (initdb, pg_ctl) the class is skipped, unless
 * {@code MOSAIC_TEST_PG_URL} is set: a run that promises PostgreSQL then fails instead.
 * Declare it before {@code @HelidonTest}: {@code @ExtendWith(CrashablePostgres.class) @HelidonTest class FooIT}.
 */
public class CrashablePostgres implements BeforeAllCallback {

    private static PostgresCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PostgresCluster pg = cluster(context.getRequiredTestClass().getSimpleName());
        System.setProperty("mosaic.db.url", pg.adminUrl());
        System.setProperty("mosaic.db.user", "postgres");
        System.setProperty("mosaic.db.password", "");
        System.setProperty("mosaic.kafka.bootstrap", TestKafka.bootstrapServers());
        TestTokens.configureService();
    }

    /** Stops the database the way a crash does: every backend killed, no checkpoint. */
    public static synchronized void crash() throws IOException {
        cluster.crash();
    }

    /** Starts the database again (it recovers from its WAL); returns once it accepts connections. */
    public static synchronized void start() throws IOException {
        cluster.start();
    }

    private static synchronized PostgresCluster cluster(String testClass) throws IOException {
        if (cluster != null) {
            return cluster;
        }
        Path dir = Files.createTempDirectory("mosaic-crashable-pg-");
        try {
            cluster = PostgresCluster.create(dir, FreePort.onLoopback());
        } catch (PostgresCluster.Unavailable e) {
            boolean promised = System.getenv("MOSAIC_TEST_PG_URL") != null && !System.getenv("MOSAIC_TEST_PG_URL").isBlank();
            if (promised) {
                throw new IllegalStateException(testClass + " needs a PostgreSQL cluster it can crash, and MOSAIC_TEST_PG_URL"
                        + " says PostgreSQL is here, but: " + e.getMessage(), e);
            }
            Assumptions.abort(testClass + " skipped: " + e.getMessage());
        }
        System.out.println("[mosaic-test] " + testClass + " runs on a crashable postgresql cluster: " + cluster.adminUrl());
        PostgresCluster started = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            delete(dir);
        }, "crashable-pg-cleanup"));
        return cluster;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[mosaic-test] could not remove " + dir + ": " + e.getMessage());
        }
    }
}
