package dev.mosaic.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.mosaic.devstack.Stack;
import dev.mosaic.platform.dev.FreePort;
import dev.mosaic.platform.dev.PostgresCluster;

/**
 * A stack of a command's own (the drill's, the saga benchmark's) in a MOSAIC_HOME of its own, on the ports of the
 * stack it stands in for: what an earlier run left there is stopped and deleted first, and under MOSAIC_DB=postgres
 * it gets a PostgreSQL cluster of its own, so it never touches the databases of the user's stack.
 */
public final class OwnStack implements AutoCloseable {

    private final Stack base;
    private final Path home;
    private PostgresCluster postgres;
    private String database = "H2 (embedded)";

    private OwnStack(Stack base, Path home) {
        this.base = base;
        this.home = home;
    }

    /** Stops and deletes what an earlier run left in {@code home}; then the directory is empty and ready. */
    public static OwnStack clear(Stack base, Path home, Function<Stack, StackControl> controls) throws IOException {
        OwnStack own = new OwnStack(base, home);
        controls.apply(own.stack()).down();
        PostgresCluster.stopLeftover(home.resolve("postgres"));
        deleteRecursively(home);
        Files.createDirectories(home);
        return own;
    }

    /**
     * Under MOSAIC_DB=postgres, starts the cluster of its own; when none can run here, says why and the stack runs
     * on H2 ({@link #postgres()} is then false). Returns the database as a report names it.
     */
    public String startDatabase(Consumer<String> say) throws IOException {
        if (!base.postgres()) {
            return database;
        }
        try {
            int port = FreePort.onLoopback();
            say.accept("starting a PostgreSQL cluster of its own on port " + port);
            postgres = PostgresCluster.create(home.resolve("postgres"), port);
            database = "PostgreSQL (a cluster of its own, port " + port + ")";
        } catch (PostgresCluster.Unavailable e) {
            database = e.getMessage();
        }
        return database;
    }

    public Path home() {
        return home;
    }

    /** True when the stack runs on its own PostgreSQL cluster. */
    public boolean postgres() {
        return postgres != null;
    }

    /** The cluster, for a drill that stops it under the services. */
    public Optional<PostgresCluster> cluster() {
        return Optional.ofNullable(postgres);
    }

    /** The stack in its own home and databases; the user's per-service database overrides do not apply. */
    public Stack stack() {
        Map<String, String> env = new HashMap<>(base.environment());
        env.keySet().removeIf(k -> k.startsWith("MOSAIC_DB_URL_") || k.startsWith("MOSAIC_DB_USER_")
                || k.startsWith("MOSAIC_DB_PASSWORD_"));
        env.put("MOSAIC_HOME", home.toString());
        if (postgres != null) {
            env.put("MOSAIC_DB", "postgres");
            env.put("MOSAIC_PG_ADMIN_URL", postgres.adminUrl());
            env.put("MOSAIC_PG_ADMIN_USER", "postgres");
            env.put("MOSAIC_PG_ADMIN_PASSWORD", "");
        } else {
            env.put("MOSAIC_DB", "h2");
        }
        return base.withEnvironment(env);
    }

    /** Stops the database cluster, if one was started (the stack itself is stopped through its control). */
    @Override
    public void close() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
