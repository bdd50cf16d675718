package dev.mosaic.platform.dev;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the drill's own (initdb into MOSAIC_HOME, a spare port, trust authentication on
 * loopback), so the drill can stop the database under the services without touching the machine's shared server.
 * PostgreSQL refuses to run as root; as root the cluster runs as the {@code postgres} OS user via {@code runuser}.
 */
public final class PostgresCluster implements AutoCloseable {

    /** The cluster cannot be set up here; the message says why and what would make it possible. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final List<String> asOwner;
    private volatile boolean running;

    private PostgresCluster(Path bin, Path dir, int port, List<String> asOwner) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asOwner = asOwner;
    }

    /** Stops a cluster an earlier drill left running in {@code dir} (it was killed before it could clean up). */
    public static void stopLeftover(Path dir) {
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                Path bin = binaries();
                PostgresCluster leftover = new PostgresCluster(bin, dir, 0, owner(dir));
                leftover.pgCtl("stop", "-m", "immediate");
            } catch (Unavailable | IOException e) {
                // nothing we can stop; the data directory is about to be replaced anyway
            }
        }
    }

    /** initdb into {@code dir}/data and start the cluster on {@code port}; ready when this returns. */
    public static PostgresCluster create(Path dir, int port) throws Unavailable {
        Path bin = binaries();
        try {
            Files.createDirectories(dir);
            List<String> owner = owner(dir);
            PostgresCluster pg = new PostgresCluster(bin, dir, port, owner);
            pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-sync"), dir.resolve("initdb.log"));
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new Unavailable("Cannot run a PostgreSQL cluster of the drill's own in " + dir + ": " + e.getMessage());
        }
    }

    public int port() {
        return port;
    }

    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Path log() {
        return dir.resolve("postgres.log");
    }

    public void start() throws IOException {
        pgCtl("start", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c max_connections=200");
        running = true;
    }

    /** Stops the database like a crash would (no checkpoint; it recovers from its WAL on the next start). */
    public void crash() throws IOException {
        pgCtl("stop", "-m", "immediate");
        running = false;
    }

    @Override
    public void close() {
        if (running) {
            try {
                pgCtl("stop", "-m", "fast");
            } catch (IOException e) {
                // the teardown goes on; the next drill stops a leftover before it starts
            }
            running = false;
        }
    }

    private void pgCtl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-l", log().toString()));
        command.addAll(List.of(args));
        run(command, dir.resolve("pg_ctl.log"));
    }

    private void run(List<String> command, Path output) throws IOException {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(output.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null"))).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT.toSeconds()
                        + " s; see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "); see " + output
                    + (Files.exists(log()) ? " and " + log() : ""));
        }
    }

    /** The newest server install's bin directory (Debian layout: /usr/lib/postgresql/<version>/bin). */
    private static Path binaries() throws Unavailable {
        if (Files.isDirectory(INSTALLS)) {
            try (Stream<Path> versions = Files.list(INSTALLS)) {
                Optional<Path> bin = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> version(b.getParent())));
                if (bin.isPresent()) {
                    return bin.get();
                }
            } catch (IOException e) {
                // reported below
            }
        }
        throw new Unavailable("No PostgreSQL server programs (initdb, pg_ctl) under " + INSTALLS + "/<version>/bin;"
                + " install the postgresql package to run the database phase");
    }

    private static int version(Path install) {
        try {
            return Integer.parseInt(install.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** How to run a command as the cluster's owner: as is, or as root through {@code runuser -u postgres}. */
    private static List<String> owner(Path dir) throws Unavailable {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new Unavailable("PostgreSQL refuses to run as root and runuser is missing to run it"
                        + " as the postgres user"));
        List<String> prefix = List.of(runuser.toString(), "-u", "postgres", "--");
        try {
            if (exec(List.of("chown", "-R", "postgres:", dir.toString())) != 0) {
                throw new Unavailable("PostgreSQL refuses to run as root, and " + dir + " cannot be given to the postgres"
                        + " user (is there one? id postgres)");
            }
            List<String> probe = new ArrayList<>(prefix);
            probe.addAll(List.of("test", "-w", dir.toString()));
            if (exec(probe) != 0) {
                throw new Unavailable("PostgreSQL refuses to run as root, and the postgres user cannot reach " + dir
                        + " (a parent directory is closed to it); set MOSAIC_HOME to a directory it can reach");
            }
        } catch (IOException e) {
            throw new Unavailable("Cannot prepare " + dir + " for the postgres user: " + e.getMessage());
        }
        return prefix;
    }

    private static int exec(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
