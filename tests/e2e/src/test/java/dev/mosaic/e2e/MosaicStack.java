package dev.mosaic.e2e;

import dev.mosaic.devstack.EphemeralPorts;
import dev.mosaic.devstack.ProcessControl;
import dev.mosaic.platform.dev.DevIssuer;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One stack started by the real {@code ./mosaic} on the real jars, for black-box tests: its own MOSAIC_HOME under
 * target/ and every port shifted by an offset, so it runs beside a developer's own stack (and another test's).
 */
final class MosaicStack {

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final int COMMAND_MINUTES = 8;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(COMMAND_MINUTES);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Exit code and combined output of one {@code ./mosaic} command. */
    record Result(int exitCode, String output) {
    }

    private final Path home;
    private final Path outputs;
    private final int offset;
    private final Map<String, String> extraEnv;
    private int commands;

    /** The highest port a stack listens on without offset (Kafka's 9092, the gateway's 8090 and 8443 are below). */
    static final int HIGHEST_BASE_PORT = 9093;

    MosaicStack(String name, int offset, Map<String, String> extraEnv) {
        this.home = TARGET.resolve(name + "-home");
        this.outputs = TARGET.resolve(name + "-out");
        this.offset = offset;
        this.extraEnv = Map.copyOf(extraEnv);
        int ephemeral = firstEphemeralPort();
        if (offset + HIGHEST_BASE_PORT >= ephemeral) {
            // The kernel hands ports from that range to every outgoing connection: one of this stack's ports could be
            // taken by any client on the machine at the moment it starts (a gateway failed to bind 33090 that way).
            throw new IllegalStateException("Port offset " + offset + " puts stack '" + name + "' at ports up to "
                    + (offset + HIGHEST_BASE_PORT) + ", inside the kernel's ephemeral range (from " + ephemeral
                    + ", /proc/sys/net/ipv4/ip_local_port_range): pick an offset below " + (ephemeral - HIGHEST_BASE_PORT));
        }
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
    static int firstEphemeralPort() {
        return EphemeralPorts.read(EphemeralPorts.LINUX).map(EphemeralPorts::low).orElse(32768);
    }

    /** Skips the calling suite (with the reason) unless every jar of the whole stack is built. */
    static void assumeWholeStackBuilt(String suite) {
        List<Path> missing = missingJars("services/catalog/target/catalog-service.jar",
                "services/inventory/target/inventory-service.jar", "services/orders/target/orders-service.jar",
                "services/payments/target/payments-service.jar", "services/notifications/target/notifications-service.jar",
                "gateway/target/gateway.jar", "drill/target/drill.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(), () -> "Skipping " + suite + ": the jars are not built: "
                + missing + ". Run ./mvnw verify (or ./mvnw -B -DskipTests package) first.");
    }

    /** The jars ./mosaic runs, missing or still empty skeletons (empty list: all built). */
    static List<Path> missingJars(String... jars) {
        return Stream.of(jars).map(REPO::resolve).filter(jar -> !hasClasses(jar)).toList();
    }

    void clean() {
        deleteRecursively(home);
        deleteRecursively(outputs);
    }

    Path home() {
        return home;
    }

    /** {@code Bearer <token>} of this stack's development issuer (what {@code ./mosaic token} prints). */
    String bearer(String customer, boolean admin) {
        return "Bearer " + DevIssuer.loadOrCreate(home.resolve("auth"))
                .issue(customer, admin, Duration.ofMinutes(30));
    }

    int port(int basePort) {
        return basePort + offset;
    }

    String url(int basePort, String path) {
        return "http://127.0.0.1:" + port(basePort) + path;
    }

    /** Runs {@code ./mosaic} with this stack's settings; never builds (this runs inside the build). */
    Result run(String... args) {
        return run(COMMAND_TIMEOUT, args);
    }

    /** Runs a command that may take longer than the usual {@value #COMMAND_MINUTES} minutes. */
    Result run(Duration timeout, String... args) {
        return run(timeout, Map.of(), args);
    }

    private Result run(Duration timeout, Map<String, String> moreEnv, String... args) {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("mosaic").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(key -> key.startsWith("MOSAIC_"));
        env.putAll(extraEnv);
        env.putAll(moreEnv);
        env.put("MOSAIC_HOME", home.toString());
        env.put("MOSAIC_PORT_OFFSET", Integer.toString(offset));
        env.put("MOSAIC_SKIP_BUILD", "1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path output = outputs.resolve(++commands + "-" + String.join("-", args) + ".txt");
        try {
            Files.createDirectories(output.getParent());
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                throw new AssertionError("./mosaic " + String.join(" ", args) + " did not finish within "
                        + timeout + ":\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command that must succeed. */
    Result ok(String... args) {
        return ok(Map.of(), args);
    }

    /** Runs a command that must succeed, with {@code moreEnv} added to this stack's environment for it alone. */
    Result ok(Map<String, String> moreEnv, String... args) {
        Result result = run(COMMAND_TIMEOUT, moreEnv, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("./mosaic " + String.join(" ", args) + " failed (" + result.exitCode() + "):\n"
                    + result.output());
        }
        // A start that trained an AOT cache wrote it, but may say the run missed part of what it trains (orders' first
        // placement, a process it calls): the cache is then thinner than it should be, which no start would notice.
        result.output().lines().filter(line -> line.contains("AOT cache written (") && line.contains("; but ")).findFirst()
                .ifPresent(line -> {
                    throw new AssertionError("./mosaic " + String.join(" ", args) + ": a training run missed part of"
                            + " its work: " + line);
                });
        return result;
    }

    /**
     * A thread dump of one of this stack's processes, virtual threads included ({@code jcmd Thread.dump_to_file}),
     * written beside the commands' outputs for whoever reads a failure later.
     *
     * @return where it was written, or why there is none
     */
    String threadDump(String process, String why) {
        OptionalLong running = new ProcessControl(home).pid(process);
        if (running.isEmpty()) {
            return "no thread dump of " + process + ": it is not running";
        }
        try {
            long pid = running.getAsLong();
            Path dump = outputs.resolve(++commands + "-threads-" + process + ".txt");
            Files.createDirectories(dump.getParent());
            // Thread.print leaves out virtual threads, and a request runs on one: the dump to a file has them all.
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.dump_to_file", dump.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "jcmd " + pid + " Thread.dump_to_file did not finish within 30 s";
            }
            if (!Files.exists(dump)) {
                return "jcmd " + pid + " Thread.dump_to_file wrote nothing (exit code " + jcmd.exitValue() + ")";
            }
            Files.writeString(dump, "# " + why + "\n", StandardOpenOption.APPEND);
            return dump.toString();
        } catch (IOException e) {
            return "no thread dump of " + process + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump of " + process + ": interrupted";
        }
    }

    /** Stops the stack and, should {@code down} have missed any, kills what is left. */
    void downAndKillLeftovers() {
        if (Files.isDirectory(home)) {
            run("down");
            leftovers().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Pids whose command line carries this stack's marker, read from /proc. */
    List<Long> leftovers() {
        return leftovers(home);
    }

    /** Pids whose command line carries the marker of the stack in {@code stackHome} (the drill's, say). */
    static List<Long> leftovers(Path stackHome) {
        String marker = "-Dmosaic.home=" + stackHome;
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                    if (List.of(args).contains(marker)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot list /proc: " + e.getMessage(), e);
        }
        return pids;
    }

    static int status(String url) {
        return status(url, null);
    }

    /** The status of a GET with an Authorization header (none when null), or -1 when nothing answers. */
    static int status(String url, String authorization) {
        return statusWith(url, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    /** The status of a GET with these headers, or -1 when nothing answers. */
    static int statusWith(String url, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void awaitWithin(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** A module that has no code yet still packages a jar, with a manifest and nothing to run. */
    private static boolean hasClasses(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(entry -> entry.getName().endsWith(".class"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new AssertionError("Cannot delete " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
