package dev.mosaic.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Picks the database a test runs against, in this order: a Testcontainers PostgreSQL when a Docker engine
 * answers; else the PostgreSQL server at {@code MOSAIC_TEST_PG_URL} (a fresh database per test class, dropped
 * at exit); else an in-memory H2. The choice is printed, so a green run says what it tested.
 */
public final class TestDatabase {

    /** Connection settings of one test database. */
    public record Database(String kind, String url, String user, String password) {
    }

    private static final List<String> CREATED = new ArrayList<>();
    private static PostgreSQLContainer<?> container;
    private static String adminUrl;

    private TestDatabase() {
    }

    public static synchronized Database create(String name) {
        String dbName = ("mosaic_test_" + name + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        Database db;
        if (dockerAvailable()) {
            db = fromContainer(dbName);
        } else if (System.getenv("MOSAIC_TEST_PG_URL") != null && !System.getenv("MOSAIC_TEST_PG_URL").isBlank()) {
            db = fromServer(System.getenv("MOSAIC_TEST_PG_URL"), dbName);
        } else {
            db = new Database("h2", "jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1", "sa", "sa");
        }
        System.out.println("[mosaic-test] " + name + " runs on " + db.kind() + ": " + db.url());
        return db;
    }

    /** Whether tests here run on PostgreSQL rather than H2. */
    public static boolean postgres() {
        return dockerAvailable() || (System.getenv("MOSAIC_TEST_PG_URL") != null
                && !System.getenv("MOSAIC_TEST_PG_URL").isBlank());
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers costs seconds of probing when no engine exists; look for one first.
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Database fromContainer(String dbName) {
        if (container == null) {
            container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
        }
        String base = container.getJdbcUrl();
        return create(base, container.getUsername(), container.getPassword(), dbName, "postgresql (Testcontainers)");
    }

    private static Database fromServer(String url, String dbName) {
        String user = System.getenv().getOrDefault("MOSAIC_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("MOSAIC_TEST_PG_PASSWORD", "");
        return create(url, user, password, dbName, "postgresql");
    }

    private static Database create(String adminJdbcUrl, String user, String password, String dbName, String kind) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("create database " + dbName);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + dbName + " at " + adminJdbcUrl
                    + " as " + user + ": " + e.getMessage() + ". Is PostgreSQL up? Unset MOSAIC_TEST_PG_URL to test on H2.", e);
        }
        if (adminUrl == null) {
            adminUrl = adminJdbcUrl;
            String u = user;
            String p = password;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(u, p), "test-db-cleanup"));
        }
        CREATED.add(dbName);
        String url = adminJdbcUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + dbName);
        return new Database(kind, url, user, password);
    }

    private static void dropAll(String user, String password) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            for (String db : CREATED) {
                s.execute("drop database if exists " + db + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("[mosaic-test] could not drop test databases " + CREATED + ": " + e.getMessage());
        }
    }
}
