package dev.mosaic.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.mosaic.devstack.ServiceSpec.Kind;
import dev.mosaic.platform.dev.FreePort;

/**
 * Writes the AOT caches a start is about to need ({@link AotCache}): once per build, before the first start of a
 * jar. Each training run is the process's own command line on scratch data, on free ports, with a Kafka broker of the
 * training runs' own ({@link Broker}; never the stack's, whose consumer groups would hand a run the real services'
 * events); it is asked for its health, metrics, OpenAPI document and an API path, without a token (the 401's classes)
 * and as a customer of the stack's development issuer (verifying the token, the query, the JSON of the answer: what
 * the first request after a start needs), then stopped with SIGTERM, and the JVM writes the cache as it exits.
 *
 * <p>A process that calls others synchronously, or is called by them ({@link #peersOf}), is trained with them: each
 * is started beside it on scratch data (from its own cache when it has one) and they call each other there, so that it
 * dials them when it starts as it dials the stack's. orders places an order in its run (catalog's price over REST,
 * inventory's reservation over gRPC, two transactions), and orders' peer places one in inventory's (the gRPC server's
 * side). Trained without them, the classes of those calls (the REST client, gRPC, HTTP/2, protobuf) would load from
 * the jars on every start, beside its first answers.
 *
 * <p>A run that fails only costs the speed-up: the process then starts without a cache, as on a JDK before 25.
 */
final class AotTraining {

    /** Two at a time: the machines this runs on have two cores, and a run is mostly one busy thread. */
    private static final int PARALLEL = 2;
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(180);
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(180);
    /** One line of a product of the demo catalog, in stock in the demo stock (both seeded by their migrations). */
    private static final String TRAINING_ORDER =
            "{\"lines\":[{\"sku\":\"COF-ETH-250\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}";
    private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Runs of one training whose ports another process took before they could listen on them, at most. */
    static final int PORT_ATTEMPTS = 3;

    /** Where a training run, its peers and their second listeners get their ports. */
    @FunctionalInterface
    interface Ports {
        int next() throws IOException;
    }

    private final Stack stack;
    private final Ports ports;

    AotTraining(Stack stack) {
        this(stack, FreePort::onLoopback);
    }

    AotTraining(Stack stack, Ports ports) {
        this.stack = stack;
        this.ports = ports;
    }

    /** Trains the caches of {@code specs} that have none yet, and says what it does. */
    void ensure(List<ServiceSpec> specs, Consumer<String> say) {
        List<ServiceSpec> untrained = specs.stream()
                .filter(spec -> stack.aotCache(spec).map(cache -> !cache.exists()).orElse(false))
                .toList();
        if (untrained.isEmpty()) {
            return;
        }
        say.accept("training the AOT cache of " + String.join(", ", untrained.stream().map(ServiceSpec::name).toList())
                + " (once per build; later starts take about half the time; MOSAIC_AOT=off skips it)");
        // The broker's own training is the training runs' broker: started, used by their clients, stopped.
        Optional<AotCache> kafkaCache = untrained.stream().filter(spec -> spec.kind() == Kind.KAFKA).findFirst()
                .flatMap(stack::aotCache);
        List<ServiceSpec> trained = untrained.stream().filter(spec -> spec.kind() != Kind.KAFKA).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, trained.size())));
        Optional<Broker> broker = kafkaCache.isPresent() || trained.stream().anyMatch(spec -> spec.kind() == Kind.SERVICE)
                ? Broker.start(stack, ports, kafkaCache, say) : Optional.empty();
        String bootstrap = broker.map(Broker::bootstrap).orElse(Stack.NO_BROKER);
        try {
            for (List<ServiceSpec> phase : phases(trained)) {
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (ServiceSpec spec : phase) {
                    runs.add(CompletableFuture.runAsync(() -> say.accept(train(spec, bootstrap, say)), pool));
                }
                runs.forEach(CompletableFuture::join);
            }
        } finally {
            pool.shutdownNow();
            broker.flatMap(Broker::stop).ifPresent(say);
        }
    }

    /**
     * The training runs' own Kafka broker, on scratch data and free ports (the broker's jars, as the stack runs it):
     * the runs' Kafka clients connect, produce and consume, so that those classes are in their caches too. Without one
     * (it did not start), the runs go on without a broker. Given the broker's own {@code cache} to train, it writes it
     * as it exits ({@link #stop}): its start, and the requests of the runs that used it. {@code trained} is where its
     * JVM writes that cache, null when it trains none.
     */
    record Broker(Process process, Path dir, String bootstrap, Optional<AotCache> cache, Path trained) {

        static Optional<Broker> start(Stack stack, Ports ports, Optional<AotCache> cache, Consumer<String> say) {
            Path dir = stack.home().resolve("aot-training-kafka-" + UUID.randomUUID());
            Path log = dir.resolve("kafka.log");
            // Beside the cache (a rename into place is then atomic) but never named like one, so no start uses it.
            Optional<Path> trained = cache.map(AotCache::newTrainingOutput)
                    .map(output -> output.resolveSibling("scratch-" + output.getFileName()));
            Process process = null;
            try {
                Files.createDirectories(dir);
                // Its ports may be taken between their choice and its bind, as a training run's may (see train).
                for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                    long logged = writtenSoFar(log);
                    int port = ports.next();
                    // A start that failed wrote a cache too, as it exited: never one to keep.
                    trained.ifPresent(AotTraining::discard);
                    process = new ProcessBuilder(stack.trainingBrokerCommand(dir.resolve("data-" + attempt), port,
                            ports.next(), trained))
                            .directory(dir.toFile()).redirectErrorStream(true)
                            .redirectOutput(Redirect.appendTo(log.toFile()))
                            .redirectInput(Redirect.from(Path.of("/dev/null").toFile())).start();
                    Process running = process;
                    try (Health.KafkaProbe probe = new Health.KafkaProbe("127.0.0.1", port)) {
                        if (await(() -> probe.probe().ready(), running, LIVE_WITHIN)) {
                            return Optional.of(new Broker(process, dir, "127.0.0.1:" + port, cache,
                                    trained.orElse(null)));
                        }
                    }
                    kill(process);
                    if (!couldNotListen(log, logged)) {
                        break;
                    }
                }
                say.accept("the training runs' Kafka broker did not start (its log: " + log
                        + "); they go on without one, and their caches without Kafka's connected paths");
            } catch (IOException e) {
                say.accept("the training runs' Kafka broker could not start (" + e.getMessage() + "); they go on"
                        + " without one");
            }
            if (process != null) {
                kill(process);
            }
            trained.ifPresent(AotTraining::discard);
            if (cache.isPresent()) {
                say.accept("kafka: no AOT cache (its training run is the training runs' broker, which did not start;"
                        + " see " + log + "); it starts without one");
            }
            return Optional.empty();
        }

        /**
         * Stopped, and its data (scratch) deleted. Training its own cache, it is stopped with SIGTERM, as the stack's
         * broker is, and the cache the JVM writes as it exits is put in place; returns what to tell about that.
         */
        Optional<String> stop() {
            if (cache.isEmpty()) {
                kill(process);
                deleteTree(dir);
                return Optional.empty();
            }
            long begin = System.nanoTime();
            String outcome;
            try {
                Path output = trained.resolveSibling(trained.getFileName().toString().substring("scratch-".length()));
                outcome = stopAndPutInPlace(process, trained, output, cache.get());
            } catch (IOException e) {
                outcome = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "interrupted";
            } finally {
                if (process.isAlive()) {
                    kill(process);
                }
                discard(trained);
            }
            if (outcome != null) {
                // The broker's log stays for a look.
                return Optional.of("kafka: no AOT cache (" + outcome + "; see " + dir.resolve("kafka.log")
                        + "); it starts without one");
            }
            deleteTree(dir);
            try {
                return Optional.of("kafka: AOT cache written (" + Files.size(cache.get().file()) / (1024 * 1024) + " MB, "
                        + Math.round((System.nanoTime() - begin) / 1e8) / 10.0 + " s to stop and write it): "
                        + cache.get().file());
            } catch (IOException e) {
                return Optional.of("kafka: AOT cache written: " + cache.get().file());
            }
        }
    }

    /**
     * The processes a training run of {@code spec} calls, or that call it, as its first requests after a start do:
     * orders prices with catalog and reserves with inventory; inventory is called by orders over gRPC (which needs
     * catalog to price the order); the gateway's first answer ({@link #apiPath}) comes from catalog.
     */
    static List<String> peersOf(ServiceSpec spec) {
        return switch (spec.name()) {
            case "orders" -> List.of("catalog", "inventory");
            case "inventory" -> List.of("catalog", "orders");
            case "gateway" -> List.of("catalog");
            default -> List.of();
        };
    }

    /**
     * Those without peers first, then the rest, whose peers then start from the caches just written (orders and
     * inventory, each the other's peer, train together: each one's peer starts without a cache when the other's is
     * not written yet, which makes the run slower, not its cache thinner).
     */
    static List<List<ServiceSpec>> phases(List<ServiceSpec> untrained) {
        List<ServiceSpec> alone = untrained.stream().filter(spec -> peersOf(spec).isEmpty()).toList();
        List<ServiceSpec> withPeers = untrained.stream().filter(spec -> !peersOf(spec).isEmpty()).toList();
        return Stream.of(alone, withPeers).filter(phase -> !phase.isEmpty()).toList();
    }

    /**
     * One training run, its Kafka clients talking to {@code bootstrap}; returns what to tell the user, and says through
     * {@code say} what it does on the way.
     */
    String train(ServiceSpec spec, String bootstrap, Consumer<String> say) {
        long begin = System.nanoTime();
        AotCache cache = stack.aotCache(spec).orElseThrow();
        Path output = cache.newTrainingOutput();
        // Next to the output, never named like a cache: data, transaction log and the run's own log.
        Path scratch = output.resolveSibling("scratch-" + output.getFileName().toString().replace(".aot.", "-"));
        // The JVM writes its cache as it exits, a failed start's too; in the scratch, where no start looks, it is
        // moved to the output (and from there into use) only when the run went through.
        Path trained = scratch.resolve(spec.name() + ".aot");
        Process process = null;
        List<Peer> peers = new ArrayList<>();
        try {
            Files.createDirectories(scratch);
            // The run and its peers on ports of their own, each calling the others there (orders' peer calls the
            // inventory being trained, and catalog's peer). A port is free when chosen and bound a moment later, so
            // another process (a client's outgoing connection, the kernel picking from the same range) may take it in
            // between: a run or a peer that then could not listen is started again on new ports.
            List<ServiceSpec> peerSpecs = peersOf(spec).stream().map(stack::spec).flatMap(Optional::stream)
                    .filter(peer -> stack.artifact(peer).isPresent()).toList();
            Path log = scratch.resolve("training.log");
            Map<String, Integer> ports = new LinkedHashMap<>();
            List<String> absent = new ArrayList<>();
            for (int attempt = 1; ; attempt++) {
                ports.clear();
                ports.put(spec.name(), this.ports.next());
                for (ServiceSpec peer : peerSpecs) {
                    ports.put(peer.name(), this.ports.next());
                }
                Stack wired = stack;
                for (String caller : ports.keySet()) {
                    for (String callee : ports.keySet()) {
                        if (!caller.equals(callee)) {
                            wired = wired.withUpstream(caller, callee, "http://127.0.0.1:" + ports.get(callee));
                        }
                    }
                }
                boolean portTaken = false;
                for (ServiceSpec peer : peerSpecs) {
                    peers.add(Peer.start(wired, peer, ports.get(peer.name()), this.ports.next(), scratch, bootstrap));
                }
                absent.clear();
                absent.addAll(peersOf(spec));
                for (Peer peer : peers) {
                    if (await(() -> Health.http("127.0.0.1", peer.port(), "/health/live").ready(), peer.process(),
                            LIVE_WITHIN)) {
                        absent.remove(peer.name());
                    } else {
                        portTaken |= peer.couldNotListen();
                    }
                }
                long logged = writtenSoFar(log);
                int port = ports.get(spec.name());
                List<String> training = wired.trainingCommand(spec, trained, port, this.ports.next(), scratch, bootstrap);
                process = new ProcessBuilder(training).directory(scratch.toFile()).redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(log.toFile()))
                        .redirectInput(Redirect.from(Path.of("/dev/null").toFile())).start();
                Process running = process;
                boolean live = await(() -> Health.http("127.0.0.1", port, "/health/live").ready(), running, LIVE_WITHIN);
                portTaken |= !live && couldNotListen(log, logged);
                if (!portTaken || attempt == PORT_ATTEMPTS) {
                    if (!live) {
                        return failed(spec, scratch, "it did not answer /health/live within " + LIVE_WITHIN.toSeconds()
                                + " s" + (attempt > 1 ? ", in " + attempt + " runs on new ports each" : ""));
                    }
                    break;
                }
                say.accept(spec.name() + ": a port of its AOT training run was taken before the run could listen on it;"
                        + " starting it again on new ports");
                kill(process);
                discard(trained);
                stopAll(peers);
            }
            int port = ports.get(spec.name());
            for (String path : List.of("/health/ready", "/health/started", "/metrics", "/openapi", apiPath(spec), "/")) {
                Health.http("127.0.0.1", port, path);
            }
            // And as a signed-in customer: verifying a token, the query and the answer's JSON are then in the cache
            // too, which is what the first request after a start needs (issue 12's "first API answer").
            String customer = stack.issuer().issue("aot-training", false, Duration.ofMinutes(5));
            Health.http("127.0.0.1", port, apiPath(spec), customer);
            String missed = "";
            if (spec.name().equals("orders")) {
                missed = placeAnOrder(port, customer);
            } else if (spec.name().equals("inventory") && ports.containsKey("orders")
                    && !absent.contains("orders")) {
                // Reserved by orders' peer over gRPC: the server's side of the call, and the reservation's transaction.
                missed = placeAnOrder(ports.get("orders"), customer);
            }
            if (!absent.isEmpty()) {
                missed += (missed.isEmpty() ? "" : "; ") + "trained without " + String.join(" and ", absent)
                        + ", which did not start (their logs: " + scratch + ")";
            }
            String notWritten = stopAndPutInPlace(process, trained, output, cache);
            if (notWritten != null) {
                return failed(spec, scratch, notWritten);
            }
            String with = peers.isEmpty() ? "" : ", with " + String.join(" and ", peers.stream().map(Peer::name).toList())
                    + " beside it";
            stopAll(peers);
            String done = spec.name() + ": AOT cache written (" + Files.size(cache.file()) / (1024 * 1024) + " MB, "
                    + Math.round((System.nanoTime() - begin) / 1e8) / 10.0 + " s" + with + "): " + cache.file();
            if (!missed.isEmpty()) {
                // The cache is good, only thinner than it should be: say why, and keep the logs that show it.
                return done + "; but " + missed + " (the run's log: " + scratch.resolve("training.log") + ")";
            }
            deleteTree(scratch);
            return done;
        } catch (IOException e) {
            return failed(spec, scratch, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(spec, scratch, "interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            stopAll(peers);
            // A cache still here is a failed run's (a good one was moved to its output): never one to keep.
            discard(trained);
        }
    }

    /**
     * Places an order as {@code customer} at orders on {@code port}, and reads it back: the path of a customer's first
     * order after a start. Until inventory answers the reservation within the call's deadline (the answer then says
     * AWAITING_PAYMENT, not PENDING), three times at most: a peer's first call may come too late for it. Returns what
     * went wrong, or an empty string.
     */
    private static String placeAnOrder(int port, String customer) throws InterruptedException {
        URI orders = URI.create("http://127.0.0.1:" + port + "/orders");
        String answered = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + customer).header("Content-Type", "application/json")
                        .header("Idempotency-Key", "aot-training-" + attempt)
                        .POST(HttpRequest.BodyPublishers.ofString(TRAINING_ORDER)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher id = ORDER_ID.matcher(placed.body());
                if (placed.statusCode() != 202 || !id.find()) {
                    return "its order was refused (POST /orders answered " + placed.statusCode() + ")";
                }
                Health.http("127.0.0.1", port, "/orders/" + id.group(1), customer);
                if (placed.body().contains("\"AWAITING_PAYMENT\"")) {
                    return "";
                }
                answered = placed.body();
            } catch (IOException e) {
                return "its order failed (" + e.getMessage() + ")";
            }
        }
        return "inventory reserved none of its three orders within the call's deadline (the last answer: " + answered + ")";
    }

    /** A process beside a training run, called by it; its log is {@code peer-<name>.log} in the run's scratch. */
    private record Peer(String name, int port, Process process, Path log, long logged) {

        static Peer start(Stack stack, ServiceSpec spec, int port, int tlsPort, Path scratch, String bootstrap)
                throws IOException {
            Path data = Files.createDirectories(scratch.resolve("peer-" + spec.name()));
            Path log = scratch.resolve("peer-" + spec.name() + ".log");
            long logged = writtenSoFar(log);
            Process process = new ProcessBuilder(stack.peerCommand(spec, port, tlsPort, data, bootstrap))
                    .directory(data.toFile()).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
                    .redirectInput(Redirect.from(Path.of("/dev/null").toFile())).start();
            return new Peer(spec.name(), port, process, log, logged);
        }

        /** Whether this start of the peer failed because its port was taken. */
        boolean couldNotListen() {
            return AotTraining.couldNotListen(log, logged);
        }

        /** Killed: it writes no cache, and its data is scratch. */
        void stop() {
            kill(process);
        }
    }

    /**
     * Stops a training run with SIGTERM, so that its JVM writes its cache to {@code trained} as it exits, and moves that
     * cache to {@code output}, from where {@code cache} puts it in use. Returns why there is no cache, or null.
     */
    private static String stopAndPutInPlace(Process process, Path trained, Path output, AotCache cache)
            throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            return "it did not write its cache and exit within " + EXIT_WITHIN.toSeconds() + " s";
        }
        if (!Files.isRegularFile(trained) || Files.size(trained) == 0 || Files.exists(Path.of(trained + ".config"))) {
            return "the JVM wrote no cache (exit status " + process.exitValue() + ")";
        }
        Files.move(trained, output, StandardCopyOption.ATOMIC_MOVE);
        return cache.exists() ? null
                : "its cache was written but not put in place; another training of the same build may have replaced it";
    }

    /** Kills a process of the training's own (a peer, the broker) and waits until it has ended. */
    private static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(EXIT_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cache of a run that failed, and the configuration the JVM writes on the way: the logs are what to keep. */
    private static void discard(Path output) {
        try {
            Files.deleteIfExists(output);
            Files.deleteIfExists(Path.of(output + ".config"));
        } catch (IOException e) {
            // the scratch stays for its logs, with this file in it
        }
    }

    private static void stopAll(List<Peer> peers) {
        peers.forEach(Peer::stop);
        peers.clear();
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

    /** How much of {@code log} is written so far: where the lines of the next start begin. */
    private static long writtenSoFar(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /**
     * Whether the lines {@code log} gained after its first {@code from} bytes say that a listener could not bind its
     * port: the JDK's {@code BindException}, or Helidon's line naming the listener.
     */
    static boolean couldNotListen(Path log, long from) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return false;
            }
            byte[] added = new byte[(int) Math.min(length - from, 1 << 20)];
            file.seek(from);
            file.readFully(added);
            String text = new String(added, java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("Address already in use") || text.contains("Failed to start listener");
        } catch (IOException e) {
            return false;
        }
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
