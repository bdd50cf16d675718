package dev.mosaic.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.mosaic.devstack.ServiceSpec.Kind;

/**
 * Writes the AOT caches a start is about to need ({@link AotCache}): once per build, before the first start of a
 * jar. Each training run is the process's own command line on scratch data, with no broker, on free ports; it is
 * asked for its health, metrics, OpenAPI document and an API path, without a token (the 401's classes) and as a
 * customer of the stack's development issuer (verifying the token, the query, the JSON of the answer: what the first
 * request after a start needs), then stopped with SIGTERM, and the JVM writes the cache as it exits.
 * A run that fails only costs the speed-up: the process then starts without a cache, as on a JDK before 25.
 */
final class AotTraining {

    /** Two at a time: the machines this runs on have two cores, and a run is mostly one busy thread. */
    private static final int PARALLEL = 2;
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(180);
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(180);

    private final Stack stack;

    AotTraining(Stack stack) {
        this.stack = stack;
    }

    /** Trains the caches of {@code specs} that have none yet, and says what it does. */
    void ensure(List<ServiceSpec> specs, Consumer<String> say) {
        List<ServiceSpec> untrained = specs.stream().filter(spec -> spec.kind() != Kind.KAFKA)
                .filter(spec -> stack.aotCache(spec).map(cache -> !cache.exists()).orElse(false))
                .toList();
        if (untrained.isEmpty()) {
            return;
        }
        say.accept("training the AOT cache of " + String.join(", ", untrained.stream().map(ServiceSpec::name).toList())
                + " (once per build; later starts take about half the time; MOSAIC_AOT=off skips it)");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, untrained.size()));
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (ServiceSpec spec : untrained) {
                runs.add(CompletableFuture.runAsync(() -> say.accept(train(spec)), pool));
            }
            runs.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One training run; returns what to tell the user. */
    String train(ServiceSpec spec) {
        long begin = System.nanoTime();
        AotCache cache = stack.aotCache(spec).orElseThrow();
        Path output = cache.newTrainingOutput();
        // Next to the output, never named like a cache: data, transaction log and the run's own log.
        Path scratch = output.resolveSibling("scratch-" + output.getFileName().toString().replace(".aot.", "-"));
        Process process = null;
        try {
            Files.createDirectories(scratch);
            int port = freePort();
            List<String> training = stack.trainingCommand(spec, output, port, freePort(), scratch);
            process = new ProcessBuilder(training).directory(scratch.toFile()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(scratch.resolve("training.log").toFile()))
                    .redirectInput(Redirect.from(Path.of("/dev/null").toFile())).start();
            Process running = process;
            if (!await(() -> Health.http("127.0.0.1", port, "/health/live").ready(), running, LIVE_WITHIN)) {
                return failed(spec, scratch, "it did not answer /health/live within " + LIVE_WITHIN.toSeconds() + " s");
            }
            for (String path : List.of("/health/ready", "/health/started", "/metrics", "/openapi", apiPath(spec), "/")) {
                Health.http("127.0.0.1", port, path);
            }
            // And as a signed-in customer: verifying a token, the query and the answer's JSON are then in the cache
            // too, which is what the first request after a start needs (issue 12's "first API answer").
            Health.http("127.0.0.1", port, apiPath(spec), stack.issuer().issue("aot-training", false, Duration.ofMinutes(5)));
            process.destroy();
            if (!process.waitFor(EXIT_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                return failed(spec, scratch, "it did not write its cache and exit within " + EXIT_WITHIN.toSeconds() + " s");
            }
            if (!cache.exists()) {
                return failed(spec, scratch, "the JVM wrote no cache (exit status " + process.exitValue() + ")");
            }
            deleteTree(scratch);
            return spec.name() + ": AOT cache written (" + Files.size(cache.file()) / (1024 * 1024) + " MB, "
                    + Math.round((System.nanoTime() - begin) / 1e8) / 10.0 + " s): " + cache.file();
        } catch (IOException e) {
            return failed(spec, scratch, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(spec, scratch, "interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** A path of the process's own API: the cache then holds the classes that route, authenticate and refuse. */
    static String apiPath(ServiceSpec spec) {
        return switch (spec.name()) {
            case "catalog" -> "/products";
            case "inventory" -> "/stock/training";
            case "orders" -> "/orders";
            case "payments" -> "/payments/training";
            case "notifications" -> "/notifications";
            case "gateway" -> "/api/products";
            default -> "/";
        };
    }

    private static String failed(ServiceSpec spec, Path scratch, String why) {
        return spec.name() + ": no AOT cache (" + why + "; see " + scratch.resolve("training.log")
                + "); it starts without one";
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Process process, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            ProcessControl.pause(Duration.ofMillis(100));
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
