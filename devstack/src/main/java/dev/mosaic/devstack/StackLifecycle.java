package dev.mosaic.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.mosaic.devstack.Health.NotReadyException;
import dev.mosaic.devstack.ServiceSpec.Kind;

/**
 * Starts, waits for and stops the processes of one stack: Kafka and the gateway first, together, then the services
 * together, each wave ready before the next starts; stopping goes the gateway first, then the services, Kafka last.
 * Ctrl-C during a start stops what it started.
 */
public final class StackLifecycle {

    /**
     * Kafka and the gateway need nothing of the stack to start and become ready (the gateway's readiness ignores its
     * upstreams; until they answer it answers 503 for their routes), and a starting broker keeps one core of two
     * mostly idle: the gateway starts beside it instead of after the services. The services could start beside it
     * too (they wait quietly for the broker, and their readiness is their database's), but that was measured not to
     * pay: every JVM then starts more slowly on two cores, Kafka most, and became the last to be ready
     * (docs/performance.md, "Services beside Kafka").
     */
    private static final List<Set<Kind>> START_WAVES = List.of(EnumSet.of(Kind.KAFKA, Kind.GATEWAY),
            EnumSet.of(Kind.SERVICE));
    /** The gateway first, so no new request reaches a service that is stopping; Kafka last, after its clients. */
    private static final List<Kind> STOP_ORDER = List.of(Kind.GATEWAY, Kind.SERVICE, Kind.KAFKA);
    private static final int LOG_TAIL_ON_ERROR = 25;

    private final Stack stack;
    private final ProcessControl control;
    private volatile boolean stopping;

    public StackLifecycle(Stack stack) {
        this.stack = stack;
        this.control = new ProcessControl(stack.home());
    }

    public Stack stack() {
        return stack;
    }

    public ProcessControl processes() {
        return control;
    }

    /** True once Ctrl-C has come during a {@link #start}: its hook is stopping what it must. */
    public boolean stopping() {
        return stopping;
    }

    /** Every process name, in stack order. */
    public List<String> names() {
        return stack.specs().stream().map(ServiceSpec::name).toList();
    }

    /** The names of the processes running now, sorted. */
    public Set<String> running() {
        return stack.specs().stream().map(ServiceSpec::name).filter(control::isRunning)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public List<ServiceSpec> notRunning() {
        return stack.specs().stream().filter(spec -> !control.isRunning(spec.name())).toList();
    }

    /** The process of that name; an IllegalArgumentException that names the stack's processes if there is none. */
    public ServiceSpec process(String name) {
        return stack.spec(name).orElseThrow(() -> new IllegalArgumentException("there is no process named '" + name
                + "'; the stack has " + String.join(", ", names()) + "."));
    }

    /**
     * Checks what would make a start fail halfway: missing jars, ports held by someone else, the database (which
     * it creates under MOSAIC_DB=postgres, saying so). Returns the problem, if there is one.
     */
    public Optional<String> preflight(List<ServiceSpec> toStart, Consumer<String> say) {
        Optional<EphemeralPorts> clientPorts = EphemeralPorts.read(EphemeralPorts.LINUX);
        clientPorts.flatMap(range -> range.warning(toStart.stream().flatMap(spec -> stack.boundPorts(spec).stream())
                .toList())).ifPresent(warning -> say.accept("warning: " + warning));
        for (ServiceSpec spec : toStart) {
            Optional<Path> artifact = stack.artifact(spec);
            if (artifact.isPresent() && !Files.isRegularFile(artifact.get())) {
                return Optional.of(spec.name() + " is not built: " + artifact.get() + " is missing. Run ./mosaic up"
                        + " without MOSAIC_SKIP_BUILD (it builds what is stale) or ./mvnw -B -DskipTests package.");
            }
            for (int port : stack.boundPorts(spec)) {
                if (!portFree(port)) {
                    boolean clientPort = clientPorts.map(range -> range.contains(port)).orElse(false);
                    return Optional.of("Cannot start " + spec.name() + ": port " + port + " on 127.0.0.1 is in use"
                            + " by another program (another stack? ./mosaic status shows this one). Stop it, or set"
                            + " MOSAIC_PORT_OFFSET to shift every port of this stack."
                            + (clientPort ? " The port is in this machine's range of client ports: `ss -tan | grep :"
                                    + port + "` shows whether a client connection holds it (it ends within a minute)."
                                    : ""));
                }
            }
        }
        if (stack.postgres()) {
            Postgres postgres = new Postgres(stack.pgAdminUrl(), stack.pgAdminUser(), stack.pgAdminPassword());
            for (ServiceSpec spec : toStart) {
                if (spec.isService() && stack.database(spec).createdByMosaic()) {
                    try {
                        if (postgres.ensureDatabase(spec.name())) {
                            say.accept("created PostgreSQL database and role " + spec.name());
                        }
                    } catch (SQLException e) {
                        return Optional.of("Cannot prepare the database of " + spec.name() + ": " + e.getMessage());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts those of {@code specs} that are not running, in start order, and waits until every one is ready. Until
     * {@link Start#disarm()}, Ctrl-C runs {@code onCtrlC} with what this start started. Once Ctrl-C has come this
     * never returns: the hook stops what it must and the JVM ends.
     */
    public Start start(List<ServiceSpec> specs, Consumer<String> say, Consumer<List<ServiceSpec>> onCtrlC) {
        List<ServiceSpec> started = new ArrayList<>();
        Thread hook = new Thread(() -> {
            stopping = true;
            onCtrlC.accept(startedSoFar(started));
        }, "mosaic-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // Every cache this start needs, trained before anything starts: one broker for all training runs, and the
            // gateway's run (catalog beside it) after catalog's, whose cache its peer then starts from.
            new AotTraining(stack).ensure(specs.stream().filter(spec -> !control.isRunning(spec.name())).toList(), say);
            for (Set<Kind> wave : START_WAVES) {
                List<ServiceSpec> group = specs.stream().filter(spec -> wave.contains(spec.kind())).toList();
                if (!group.isEmpty()) {
                    startAndAwait(group, started, say);
                }
            }
        } catch (NotReadyException | IOException e) {
            if (!disarm(hook)) {
                awaitShutdown();
            }
            return new Start(hook, startedSoFar(started), e);
        }
        if (stopping) {
            awaitShutdown();
        }
        return new Start(hook, List.of(), null);
    }

    /** One {@link #start}: ready, with Ctrl-C still armed, or failed, with the reason and what it had started. */
    public final class Start {
        private final Thread hook;
        private final List<ServiceSpec> started;
        private final Exception failure;

        private Start(Thread hook, List<ServiceSpec> started, Exception failure) {
            this.hook = hook;
            this.started = started;
            this.failure = failure;
        }

        /** True when every process is ready. */
        public boolean ready() {
            return failure == null;
        }

        /** Ctrl-C no longer stops anything; false if it came first and the JVM is already stopping. */
        public boolean disarm() {
            return StackLifecycle.disarm(hook);
        }

        /** After a failed start: says on {@code err} what failed and why, then stops what this start started. */
        public void abandon(String what, PrintStream err) {
            if (failure instanceof NotReadyException notReady) {
                reportNotReady(notReady, err);
            } else {
                err.println("mosaic: cannot start " + what + ": " + failure.getMessage());
            }
            err.println("Stopping what this command started.");
            stop(started, false, err::println);
        }
    }

    /** Stops every process of the stack, strays included. */
    public void stopAll(Consumer<String> say) {
        stop(stack.specs(), true, say);
    }

    /**
     * Stops the gateway first, then the services together, Kafka last ({@link #STOP_ORDER}), each with
     * SIGTERM and a deadline before SIGKILL. With {@code strays}, processes of this stack that have no pid file
     * (lost, or never written after a crash) are found by their command line and stopped in the same order.
     */
    public void stop(List<ServiceSpec> specs, boolean strays, Consumer<String> say) {
        synchronized (control) {
            Map<String, Long> found = new LinkedHashMap<>(strays ? control.findAll() : Map.of());
            for (Kind kind : STOP_ORDER) {
                Map<String, Long> wave = new LinkedHashMap<>();
                for (ServiceSpec spec : specs.reversed()) {
                    if (spec.kind() == kind) {
                        OptionalLong pid = control.pid(spec.name());
                        Long stray = found.remove(spec.name());
                        if (pid.isPresent() || stray != null) {
                            wave.put(spec.name(), pid.isPresent() ? pid.getAsLong() : stray);
                        } else {
                            control.forget(spec.name());
                        }
                    }
                }
                if (kind == Kind.SERVICE) {
                    // Processes whose names are no longer in the stack (it changed while they ran).
                    found.forEach((name, pid) -> {
                        if (stack.spec(name).isEmpty()) {
                            wave.put(name, pid);
                        }
                    });
                }
                wave.forEach((name, pid) -> {
                    control.terminate(pid);
                    say.accept("stopping " + name + " (pid " + pid + ")");
                });
                long begin = System.nanoTime();
                Duration timeout = stack.stopTimeout(kind);
                wave.forEach((name, pid) -> {
                    if (control.awaitExit(name, pid, timeout.minusNanos(System.nanoTime() - begin))) {
                        say.accept(name + " stopped (" + seconds(System.nanoTime() - begin) + ")");
                    } else {
                        say.accept(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM; killing it");
                    }
                    control.stop(name, pid, Duration.ZERO);
                });
            }
        }
    }

    /** Ctrl-C arrived: the shutdown hook stops everything and ends the JVM; the calling thread waits for that. */
    public static int awaitShutdown() {
        while (true) {
            ProcessControl.pause(Duration.ofSeconds(1));
        }
    }

    /** {@code 12.3 s}: how long something took, for people. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the stop-on-Ctrl-C hook; false if Ctrl-C came first and the hook is already stopping everything. */
    private static boolean disarm(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    private List<ServiceSpec> startedSoFar(List<ServiceSpec> started) {
        synchronized (control) {
            return List.copyOf(started);
        }
    }

    /** Starts a group of processes together (those not running yet) and waits until every one is ready. */
    private void startAndAwait(List<ServiceSpec> group, List<ServiceSpec> started, Consumer<String> say)
            throws NotReadyException, IOException {
        Map<ServiceSpec, BooleanSupplier> alive = new LinkedHashMap<>();
        Map<ServiceSpec, Long> since = new LinkedHashMap<>();
        for (ServiceSpec spec : group) {
            if (stopping) {
                throw new NotReadyException(spec.name(), "stopping");
            }
            OptionalLong pid = control.pid(spec.name());
            if (pid.isPresent()) {
                say.accept(spec.name() + " is already running (pid " + pid.getAsLong() + ")");
                alive.put(spec, () -> control.isRunning(spec.name()));
            } else {
                Process process;
                synchronized (control) {
                    // Ctrl-C may have arrived and stopped everything meanwhile: starting now would leave an orphan.
                    if (stopping) {
                        throw new NotReadyException(spec.name(), "stopping");
                    }
                    process = control.start(spec.name(), stack.command(spec), stack.workDir(spec), stack.port(spec));
                    started.add(spec);
                }
                say.accept("starting " + spec.name() + " on port " + stack.port(spec) + " (pid " + process.pid() + ")");
                alive.put(spec, process::isAlive);
            }
            since.put(spec, System.nanoTime());
        }
        ExecutorService pool = Executors.newFixedThreadPool(group.size());
        try {
            List<CompletableFuture<Void>> waits = new ArrayList<>();
            for (ServiceSpec spec : group) {
                waits.add(CompletableFuture.runAsync(() -> {
                    try {
                        awaitReady(spec, alive.get(spec));
                        say.accept(spec.name() + " is ready (" + seconds(System.nanoTime() - since.get(spec)) + ")");
                    } catch (NotReadyException e) {
                        throw new CompletionException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<Void> wait : waits) {
                try {
                    wait.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof NotReadyException notReady) {
                        throw notReady;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitReady(ServiceSpec spec, BooleanSupplier alive) throws NotReadyException {
        BooleanSupplier aliveAndWanted = () -> !stopping && alive.getAsBoolean();
        if (spec.kind() == Kind.KAFKA) {
            try (Health.KafkaProbe kafka = new Health.KafkaProbe("127.0.0.1", stack.port(spec))) {
                Health.await(spec.name(), kafka::probe, aliveAndWanted, stack.readyTimeout());
            }
        } else {
            int port = stack.port(spec);
            Health.await(spec.name(), () -> Health.http(port), aliveAndWanted, stack.readyTimeout());
        }
    }

    private void reportNotReady(NotReadyException e, PrintStream err) {
        err.println("mosaic: " + e.getMessage() + ".");
        Path log = control.logFile(e.name());
        List<String> tail = LogFollower.lastLines(log, LOG_TAIL_ON_ERROR);
        // Only what the failed run wrote, not the end of an older run appended before it.
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (tail.get(i).startsWith(ProcessControl.RUN_HEADER)) {
                tail = tail.subList(i + 1, tail.size());
                break;
            }
        }
        if (!tail.isEmpty()) {
            err.println("Last lines of " + log + ":");
            tail.forEach(line -> err.println("    " + line));
        }
        err.println("Fix the cause above and try again (MOSAIC_READY_TIMEOUT, in seconds, lengthens the wait).");
    }
}
