package dev.mosaic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mosaic} as a user runs it, on the real jars: the whole stack up in the background, a request through the
 * gateway, a service killed and brought back, and nothing left behind by {@code down}. Runs beside a developer's
 * own stack: its own MOSAIC_HOME under target/ and every port shifted by 20000.
 */
class MosaicCommandIT {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path HOME = TARGET.resolve("mosaic-home");
    private static final int OFFSET = 20000;
    private static final String PRODUCTS = "http://127.0.0.1:" + (8080 + OFFSET) + "/api/products";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static int commands;

    private record Result(int exitCode, String output) {
    }

    // Per test, not per class: a skipped test is reported with its reason, an aborted class is not.
    @BeforeEach
    void realJarsAreBuilt() throws IOException {
        List<Path> missing = Stream.of("services/catalog/target/catalog-service.jar", "gateway/target/gateway.jar",
                        "devstack/target/devstack.jar")
                .map(REPO::resolve).filter(jar -> !hasClasses(jar)).toList();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "Skipping the ./mosaic end-to-end test: the jars it runs are not"
                + " built (or are empty module skeletons): " + missing + ". Run the whole build (./mvnw verify) or"
                + " ./mvnw -B -DskipTests package first.");
        deleteRecursively(HOME);
        deleteRecursively(TARGET.resolve("mosaic-out"));
    }

    @AfterAll
    static void leaveNothingRunning() {
        if (Files.isDirectory(HOME)) {
            mosaic("down");
            processesOfThisStack().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void stackServesThroughTheGatewaySurvivesAKilledServiceAndStopsWithoutLeftovers() {
        Result up = mosaic("up", "--detach");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(get(PRODUCTS)).isEqualTo(200);

        Result kill = mosaic("kill", "catalog");
        assertThat(kill.exitCode()).as(kill.output()).isZero();
        long killed = System.nanoTime();
        awaitWithin(Duration.ofSeconds(3), "the gateway answers 503 while catalog is down", () -> get(PRODUCTS) == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(3));

        Result start = mosaic("start", "catalog");
        assertThat(start.exitCode()).as(start.output()).isZero();
        // The gateway may hold its circuit to catalog open for a while after catalog came back.
        awaitWithin(Duration.ofSeconds(30), "the gateway answers 200 again", () -> get(PRODUCTS) == 200);

        Result status = mosaic("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("kafka +\\d+ +" + (9092 + OFFSET) + " +UP")
                .containsPattern("catalog +\\d+ +" + (8081 + OFFSET) + " +UP")
                .containsPattern("gateway +\\d+ +" + (8080 + OFFSET) + " +UP");

        Result down = mosaic("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(processesOfThisStack()).as("processes with -Dmosaic.home=%s after down", HOME).isEmpty();
    }

    /** Runs {@code ./mosaic} with this test's stack settings; never builds (this runs inside the build). */
    private static Result mosaic(String... args) {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("mosaic").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(key -> key.startsWith("MOSAIC_"));
        env.put("MOSAIC_HOME", HOME.toString());
        env.put("MOSAIC_PORT_OFFSET", Integer.toString(OFFSET));
        env.put("MOSAIC_SKIP_BUILD", "1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path output = TARGET.resolve("mosaic-out").resolve(++commands + "-" + String.join("-", args) + ".txt");
        try {
            Files.createDirectories(output.getParent());
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("./mosaic " + String.join(" ", args) + " did not finish within "
                        + COMMAND_TIMEOUT + ":\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
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

    /** Pids whose command line carries this stack's marker, read from /proc. */
    private static List<Long> processesOfThisStack() {
        String marker = "-Dmosaic.home=" + HOME;
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

    private static int get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitWithin(Duration timeout, String what, BooleanSupplier condition) {
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
