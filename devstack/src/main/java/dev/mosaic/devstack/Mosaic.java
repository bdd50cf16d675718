package dev.mosaic.devstack;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.mosaic.devstack.Health.NotReadyException;
import dev.mosaic.devstack.ServiceSpec.Kind;
import dev.mosaic.devstack.bench.SagaBench;
import dev.mosaic.devstack.bench.SagaBenchOptions;
import dev.mosaic.devstack.drill.Drill;
import dev.mosaic.devstack.drill.DrillOptions;
import dev.mosaic.devstack.drill.StackControl;
import dev.mosaic.devstack.drill.TokenSource;

/** The {@code ./mosaic} command: up, down, status, logs, kill, start, test, drill and help. */
public final class Mosaic {

    static final int USAGE_ERROR = 2;
    static final int NOT_ALL_UP = 3;
    /** The customer ./mosaic token and the token printed by up act as, unless told otherwise. */
    static final String DEFAULT_CUSTOMER = "customer-1";
    private static final int LOG_TAIL_ON_ERROR = 25;

    // JUL keeps loggers weakly; holding them keeps the levels set below.
    private static final Logger ROOT_LOGGER = Logger.getLogger("");
    private static final Logger KAFKA_LOGGER = Logger.getLogger("org.apache.kafka");

    private final Supplier<Stack> stackSupplier;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;
    private Stack stack;
    private ProcessControl control;
    private volatile boolean stopping;

    Mosaic(Supplier<Stack> stackSupplier, PrintStream out, PrintStream err, boolean colour) {
        this.stackSupplier = stackSupplier;
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    public static void main(String[] args) {
        // The probe's Kafka client logs every refused connection while the broker starts; errors are ours to report.
        ROOT_LOGGER.setLevel(Level.WARNING);
        KAFKA_LOGGER.setLevel(Level.OFF);
        boolean colour = Boolean.getBoolean("mosaic.tty") && System.getenv("NO_COLOR") == null;
        int code = new Mosaic(Stack::fromEnvironment, System.out, System.err, colour).run(args);
        System.out.flush();
        System.exit(code);
    }

    int run(String... args) {
        if (args.length == 0) {
            err.print(usage());
            return USAGE_ERROR;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return switch (command) {
                case "help", "-h", "--help" -> {
                    out.print(usage());
                    yield 0;
                }
                case "up" -> up(rest);
                case "down" -> down(rest);
                case "status" -> status(rest);
                case "logs" -> logs(rest);
                case "kill" -> kill(rest);
                case "start" -> start(rest);
                case "test" -> test(rest);
                case "token" -> token(rest);
                case "drill" -> drill(rest);
                case "bench-saga" -> benchSaga(rest);
                default -> usageError("unknown command '" + command + "'");
            };
        } catch (IllegalArgumentException e) {
            // Bad environment variables or arguments: say which, like a usage error.
            err.println("mosaic: " + e.getMessage());
            return USAGE_ERROR;
        } catch (IOException | UncheckedIOException e) {
            err.println("mosaic: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        String names = ServiceSpec.ALL.stream().map(ServiceSpec::name).collect(Collectors.joining(", "));
        return """
                Usage: ./mosaic <command> [options]

                Commands:
                  up [--detach]        build what is stale, start Kafka, every service and the gateway and wait
                                       until all are ready; then stream their logs until Ctrl-C, which stops
                                       everything (--detach: return once ready, leave them running)
                  down                 stop everything, gracefully: gateway, services, then Kafka
                  status               name, pid, port and health of every process (exit 3 unless all are UP)
                  logs [name] [--no-follow] [--lines N]
                                       last N lines (default 50) of one or all logs, then follow them
                  logs --order <id> [name]
                                       one order's story: every JSON log line whose orderId is <id> (or whose
                                       message names it), from all logs, in time order; then exit
                  kill <name>          kill one process with SIGKILL (failure drills)
                  start <name>         start one process again and wait until it is ready
                  test [maven args]    run the full test suite: ./mvnw -B verify [maven args]
                  token [--customer ID] [--admin] [--ttl MINUTES]
                                       print a bearer token of the development issuer (default: customer-1,
                                       role customer, 60 minutes); --admin adds the admin role
                  token --service NAME --to SERVICE [--ttl MINUTES]
                                       print a workload token: NAME calling SERVICE's port directly
                                       (send it as Workload-Authorization: Bearer <token>)
                  bench gateway [...]  the gateway against nginx and a direct call (bench/README.md)
                  bench saga [...]     orders per second through the saga at fixed arrival rates, on a stack
                                       of its own (MOSAIC_HOME/bench-saga; bench/README.md)
                  drill [--short] [--duration SECONDS] [--customers N] [--faults a,b] [--write-doc]
                                       failure drill: start a stack of its own (MOSAIC_HOME/drill), drive a steady
                                       load through the gateway, SIGKILL and restart each process, restart Kafka,
                                       slow inventory down by 2 s, stop PostgreSQL (MOSAIC_DB=postgres); check that
                                       no order is lost, none charged twice and stock is conserved; print a table
                                       (--short: orders, payments and slow inventory, a few seconds each;
                                       --write-doc: also write docs/failure-modes.md). Exit 1 unless all pass
                  help                 this text

                Processes: %s

                Environment:
                  MOSAIC_HOME            state directory: logs/, run/, data/, kafka/ (default <repo>/.mosaic)
                  MOSAIC_PORT_OFFSET     added to every port (default 0), to run a second stack beside the first
                  MOSAIC_DB              h2 (default, one file per service) or postgres (one database and role
                                         per service, created if missing through MOSAIC_PG_ADMIN_URL, default
                                         %s, as MOSAIC_PG_ADMIN_USER, default postgres)
                  MOSAIC_DB_URL_<NAME>   JDBC URL of one service (e.g. MOSAIC_DB_URL_CATALOG); wins over MOSAIC_DB
                  MOSAIC_READY_TIMEOUT   seconds each process may take to get ready (default 120)
                  MOSAIC_JAVA_OPTS       extra JVM options for every process
                  MOSAIC_SKIP_BUILD=1    start what is built, do not build first
                """.formatted(names, Stack.DEFAULT_PG_ADMIN_URL);
    }

    // ---- up ---------------------------------------------------------------------------------------------------

    private int up(List<String> args) throws IOException {
        boolean detach = false;
        for (String arg : args) {
            if (arg.equals("--detach") || arg.equals("-d")) {
                detach = true;
            } else {
                return usageError("up does not know '" + arg + "'");
            }
        }
        init();
        List<ServiceSpec> missing = stack.specs().stream().filter(s -> !control.isRunning(s.name())).toList();
        if (missing.isEmpty()) {
            out.println("The stack is already running (MOSAIC_HOME=" + stack.home() + ").");
            printTable(rows(true));
            out.println("Follow the logs with ./mosaic logs, stop with ./mosaic down.");
            return 0;
        }
        Optional<String> problem = preflight(missing);
        if (problem.isPresent()) {
            err.println("mosaic: " + problem.get());
            return 1;
        }

        LogFollower follower = detach ? null : new LogFollower(out, colour, names());
        Consumer<String> say = follower == null ? out::println : follower::note;
        if (follower != null) {
            for (ServiceSpec spec : stack.specs()) {
                Path log = control.logFile(spec.name());
                follower.follow(spec.name(), log, Files.exists(log) ? Files.size(log) : 0);
            }
            follower.start();
        }
        Thread stopOnSignal = new Thread(() -> {
            stopping = true;
            say.accept("stopping everything");
            stopAll(say);
            if (follower != null) {
                follower.close();
            }
        }, "mosaic-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);

        long begin = System.nanoTime();
        List<ServiceSpec> started = new ArrayList<>();
        try {
            startAndAwait(byKind(Kind.KAFKA), started, say);
            startAndAwait(byKind(Kind.SERVICE), started, say);
            startAndAwait(byKind(Kind.GATEWAY), started, say);
        } catch (NotReadyException | IOException e) {
            if (stopping) {
                return awaitShutdown();
            }
            if (!disarm(stopOnSignal)) {
                return awaitShutdown();
            }
            if (follower != null) {
                follower.close();
            }
            if (e instanceof NotReadyException notReady) {
                reportNotReady(notReady);
            } else {
                err.println("mosaic: cannot start a process: " + e.getMessage());
            }
            err.println("Stopping what this command started.");
            stopAll(List.copyOf(started), false, err::println);
            return 1;
        }
        if (stopping) {
            return awaitShutdown();
        }
        if (follower != null) {
            follower.pollOnce();
        }
        String took = seconds(System.nanoTime() - begin);
        synchronized (follower == null ? this : follower) {
            out.println();
            printTable(rows(true));
            out.println();
            out.println("Mosaic is up in " + took + ": " + stack.url(byKind(Kind.GATEWAY).getFirst())
                    + " and https://localhost:" + stack.gatewayTlsPort() + "   (MOSAIC_HOME=" + stack.home() + ")");
            out.println("A customer token (valid 60 min; ./mosaic token --help for more):");
            out.println("  export TOKEN=" + stack.issuer().issue(DEFAULT_CUSTOMER, false, Duration.ofMinutes(60)));
            out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + stack.url(byKind(Kind.GATEWAY).getFirst()) + "/api/orders");
            out.println(detach ? "Logs: ./mosaic logs   Status: ./mosaic status   Stop: ./mosaic down"
                    : "Streaming logs. Ctrl-C stops everything.");
            out.println();
            out.flush();
        }
        if (detach) {
            return disarm(stopOnSignal) ? 0 : awaitShutdown();
        }
        return watch(follower, stopOnSignal);
    }

    /** Foreground: report processes that stop or come back (kill/start from another terminal) until Ctrl-C. */
    private int watch(LogFollower follower, Thread stopOnSignal) {
        Set<String> running = runningNames();
        while (!stopping) {
            ProcessControl.pause(Duration.ofSeconds(1));
            if (stopping) {
                break;
            }
            Set<String> now = runningNames();
            for (String name : running) {
                if (!now.contains(name)) {
                    follower.note(name + " is no longer running (./mosaic start " + name + " brings it back)");
                }
            }
            for (String name : now) {
                if (!running.contains(name)) {
                    follower.note(name + " is running again");
                }
            }
            running = now;
            if (running.isEmpty() && disarm(stopOnSignal)) {
                follower.note("every process has stopped; exiting");
                follower.close();
                return 0;
            }
        }
        return awaitShutdown();
    }

    /** Removes the stop-on-Ctrl-C hook; false if Ctrl-C came first and the hook is already stopping everything. */
    private static boolean disarm(Thread stopOnSignal) {
        try {
            return Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    /** Ctrl-C arrived: the shutdown hook stops everything and ends the JVM; this thread has nothing left to do. */
    private int awaitShutdown() {
        while (true) {
            ProcessControl.pause(Duration.ofSeconds(1));
        }
    }

    /** Checks what would make a start fail halfway: missing jars, ports held by someone else, the database. */
    private Optional<String> preflight(List<ServiceSpec> toStart) {
        for (ServiceSpec spec : toStart) {
            Optional<Path> artifact = stack.artifact(spec);
            if (artifact.isPresent() && !Files.isRegularFile(artifact.get())) {
                return Optional.of(spec.name() + " is not built: " + artifact.get() + " is missing. Run ./mosaic up"
                        + " without MOSAIC_SKIP_BUILD (it builds what is stale) or ./mvnw -B -DskipTests package.");
            }
            for (int port : stack.boundPorts(spec)) {
                if (!portFree(port)) {
                    return Optional.of("Cannot start " + spec.name() + ": port " + port + " on 127.0.0.1 is in use"
                            + " by another program (another stack? ./mosaic status shows this one). Stop it, or set"
                            + " MOSAIC_PORT_OFFSET to shift every port of this stack.");
                }
            }
        }
        if (stack.postgres()) {
            Postgres postgres = new Postgres(stack.pgAdminUrl(), stack.pgAdminUser(), stack.pgAdminPassword());
            for (ServiceSpec spec : toStart) {
                if (spec.isService() && stack.database(spec).createdByMosaic()) {
                    try {
                        if (postgres.ensureDatabase(spec.name())) {
                            out.println("created PostgreSQL database and role " + spec.name());
                        }
                    } catch (SQLException e) {
                        return Optional.of("Cannot prepare the database of " + spec.name() + ": " + e.getMessage());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a group of processes together (those not running yet) and waits until every one is ready. */
    private void startAndAwait(List<ServiceSpec> group, List<ServiceSpec> started, Consumer<String> say)
            throws NotReadyException, IOException {
        Map<ServiceSpec, BooleanSupplier> alive = new LinkedHashMap<>();
        Map<ServiceSpec, Long> since = new LinkedHashMap<>();
        new AotTraining(stack).ensure(group.stream().filter(spec -> !control.isRunning(spec.name())).toList(), say);
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, group.size()));
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

    private void reportNotReady(NotReadyException e) {
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

    // ---- down ---------------------------------------------------------------------------------------------------

    private int down(List<String> args) {
        if (!args.isEmpty()) {
            return usageError("down takes no arguments");
        }
        init();
        if (runningNames().isEmpty() && control.findAll().isEmpty()) {
            stack.specs().forEach(s -> control.forget(s.name()));
            out.println("Nothing is running (MOSAIC_HOME=" + stack.home() + ").");
            return 0;
        }
        stopAll(out::println);
        return 0;
    }

    private void stopAll(Consumer<String> say) {
        stopAll(stack.specs(), true, say);
    }

    /**
     * Stops in the reverse of start order: the gateway first, then the services together, Kafka last, each with
     * SIGTERM and a deadline before SIGKILL. With {@code strays}, processes of this stack that have no pid file
     * (lost, or never written after a crash) are found by their command line and stopped in the same order.
     */
    private void stopAll(List<ServiceSpec> specs, boolean strays, Consumer<String> say) {
        synchronized (control) {
            Map<String, Long> found = new LinkedHashMap<>(strays ? control.findAll() : Map.of());
            for (Kind kind : List.of(Kind.GATEWAY, Kind.SERVICE, Kind.KAFKA)) {
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

    // ---- status ---------------------------------------------------------------------------------------------------

    private int status(List<String> args) {
        if (!args.isEmpty()) {
            return usageError("status takes no arguments");
        }
        init();
        List<Row> rows = rows(false);
        printTable(rows);
        return rows.stream().allMatch(r -> r.health().equals("UP")) ? 0 : NOT_ALL_UP;
    }

    private record Row(String name, String pid, String port, String health, String url) {
    }

    /** One row per process; {@code assumeUp} skips the probes right after everything was found ready. */
    private List<Row> rows(boolean assumeUp) {
        List<Row> rows = new ArrayList<>();
        for (ServiceSpec spec : stack.specs()) {
            OptionalLong pid = control.pid(spec.name());
            OptionalInt recorded = control.port(spec.name());
            int port = pid.isPresent() && recorded.isPresent() ? recorded.getAsInt() : stack.port(spec);
            String health;
            if (pid.isEmpty()) {
                health = "not running";
            } else if (assumeUp) {
                health = "UP";
            } else if (spec.kind() == Kind.KAFKA) {
                try (Health.KafkaProbe kafka = new Health.KafkaProbe("127.0.0.1", port)) {
                    health = kafka.probe().ready() ? "UP" : "DOWN";
                }
            } else {
                health = Health.http(port).ready() ? "UP" : "DOWN";
            }
            String url = spec.kind() == Kind.KAFKA ? "127.0.0.1:" + port : "http://127.0.0.1:" + port;
            rows.add(new Row(spec.name(), pid.isPresent() ? Long.toString(pid.getAsLong()) : "-",
                    Integer.toString(port), health, url));
        }
        return rows;
    }

    private void printTable(List<Row> rows) {
        int name = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int pid = Math.max(3, rows.stream().mapToInt(r -> r.pid().length()).max().orElse(0));
        int health = Math.max(6, rows.stream().mapToInt(r -> r.health().length()).max().orElse(0));
        String format = "%-" + name + "s  %-" + pid + "s  %-5s  %-" + health + "s  %s%n";
        out.printf(format, "NAME", "PID", "PORT", "HEALTH", "URL");
        rows.forEach(r -> out.printf(format, r.name(), r.pid(), r.port(), r.health(), r.url()));
        out.flush();
    }

    // ---- logs ---------------------------------------------------------------------------------------------------

    private int logs(List<String> args) throws IOException {
        boolean follow = true;
        int lines = 50;
        String only = null;
        String order = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--order")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank() || args.get(i + 1).startsWith("-")) {
                    return usageError("--order needs an order id (the \"id\" that POST /api/orders answered)");
                }
                order = args.get(++i).strip();
            } else if (arg.equals("--no-follow")) {
                follow = false;
            } else if ((arg.equals("--lines") || arg.equals("-n")) && i + 1 < args.size()) {
                try {
                    lines = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    return usageError("--lines needs a number (got '" + args.get(i) + "')");
                }
            } else if (only == null && !arg.startsWith("-")) {
                only = arg;
            } else {
                return usageError("logs does not know '" + arg + "'");
            }
        }
        init();
        List<String> names = names();
        if (only != null) {
            if (stack.spec(only).isEmpty()) {
                return unknownProcess(only);
            }
            names = List.of(only);
        }
        if (order != null) {
            return orderStory(order, names);
        }
        LogFollower follower = new LogFollower(out, colour, names());
        boolean any = false;
        for (String name : names) {
            Path log = control.logFile(name);
            any |= Files.exists(log);
            long position = follower.printLast(name, log, lines);
            follower.follow(name, log, position);
        }
        if (!follow) {
            if (!any) {
                err.println("mosaic: no logs yet in " + stack.logDir() + "; ./mosaic up starts the stack.");
                return 1;
            }
            return 0;
        }
        follower.start();
        return awaitShutdown(); // until Ctrl-C, like tail -f
    }

    /** Prints every JSON line about one order from the logs, oldest first, then exits (no following). */
    private int orderStory(String orderId, List<String> names) throws IOException {
        Map<String, Path> logs = new LinkedHashMap<>();
        names.forEach(name -> logs.put(name, control.logFile(name)));
        List<OrderStory.Line> story = OrderStory.of(orderId, logs);
        if (story.isEmpty()) {
            err.println("mosaic: no log line in " + stack.logDir() + " is about order " + orderId
                    + "; check the id (GET /api/orders lists yours) or whether the stack that ran it used this MOSAIC_HOME.");
            return 1;
        }
        LogFollower follower = new LogFollower(out, colour, names());
        story.forEach(line -> out.println(follower.prefix(line.process()) + line.text()));
        out.flush();
        return 0;
    }

    // ---- kill / start ---------------------------------------------------------------------------------------------

    private int kill(List<String> args) {
        if (args.size() != 1) {
            return usageError("kill needs exactly one process name");
        }
        init();
        String name = args.getFirst();
        if (stack.spec(name).isEmpty()) {
            return unknownProcess(name);
        }
        OptionalLong pid = control.kill(name);
        if (pid.isEmpty()) {
            err.println("mosaic: " + name + " is not running; nothing to kill.");
            return 1;
        }
        out.println("killed " + name + " (pid " + pid.getAsLong() + ") with SIGKILL");
        return 0;
    }

    private int start(List<String> args) throws IOException {
        if (args.size() != 1) {
            return usageError("start needs exactly one process name");
        }
        init();
        String name = args.getFirst();
        Optional<ServiceSpec> found = stack.spec(name);
        if (found.isEmpty()) {
            return unknownProcess(name);
        }
        ServiceSpec spec = found.get();
        OptionalLong running = control.pid(name);
        if (running.isPresent()) {
            out.println(name + " is already running (pid " + running.getAsLong() + ", " + stack.url(spec) + ")");
            return 0;
        }
        Optional<String> problem = preflight(List.of(spec));
        if (problem.isPresent()) {
            err.println("mosaic: " + problem.get());
            return 1;
        }
        List<ServiceSpec> started = new ArrayList<>();
        Thread stopOnSignal = new Thread(() -> {
            stopping = true;
            stopAll(List.copyOf(started), false, out::println);
        }, "mosaic-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            startAndAwait(List.of(spec), started, out::println);
        } catch (NotReadyException | IOException e) {
            if (stopping) {
                return awaitShutdown();
            }
            if (!disarm(stopOnSignal)) {
                return awaitShutdown();
            }
            if (e instanceof NotReadyException notReady) {
                reportNotReady(notReady);
            } else {
                err.println("mosaic: cannot start " + name + ": " + e.getMessage());
            }
            stopAll(List.copyOf(started), false, err::println);
            return 1;
        }
        if (!disarm(stopOnSignal)) {
            return awaitShutdown();
        }
        out.println(name + " is up: " + stack.url(spec));
        return 0;
    }

    // ---- test ---------------------------------------------------------------------------------------------------

    /**
     * {@code token [--customer ID] [--admin] [--ttl MINUTES]}, or {@code token --service NAME --to SERVICE}: a
     * development token on stdout, nothing else.
     */
    private int token(List<String> args) {
        String customer = DEFAULT_CUSTOMER;
        boolean admin = false;
        String service = null;
        String callee = null;
        long minutes = 60;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--admin" -> admin = true;
                case "--customer", "--ttl", "--service", "--to" -> {
                    if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                        err.println("mosaic: " + arg + " needs a value");
                        return USAGE_ERROR;
                    }
                    String value = args.get(++i);
                    if (arg.equals("--customer")) {
                        customer = value;
                    } else if (arg.equals("--service")) {
                        service = value;
                    } else if (arg.equals("--to")) {
                        callee = value;
                    } else {
                        try {
                            minutes = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            minutes = -1;
                        }
                        if (minutes < 1 || minutes > 24 * 60) {
                            err.println("mosaic: --ttl takes minutes between 1 and 1440, not '" + value + "'");
                            return USAGE_ERROR;
                        }
                    }
                }
                default -> {
                    err.println("mosaic: token takes [--customer ID] [--admin] [--ttl MINUTES] or --service NAME --to SERVICE, "
                            + "not '" + arg + "'");
                    return USAGE_ERROR;
                }
            }
        }
        if ((service == null) != (callee == null) || (service != null && (admin || !customer.equals(DEFAULT_CUSTOMER)))) {
            err.println("mosaic: a workload token needs both --service NAME (the caller) and --to SERVICE (the callee), "
                    + "and no --customer or --admin");
            return USAGE_ERROR;
        }
        init();
        out.println(service != null ? stack.issuer().issueWorkload(service, callee, Duration.ofMinutes(minutes))
                : stack.issuer().issue(customer, admin, Duration.ofMinutes(minutes)));
        return 0;
    }

    private int test(List<String> args) throws IOException {
        init();
        List<String> command = new ArrayList<>(List.of(stack.repo().resolve("mvnw").toString(), "-B", "verify"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(stack.repo().toFile()).inheritIO();
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (Runtime.version().feature() >= 23) {
            // Maven's own libraries use sun.misc.Unsafe; JDK 23+ warns about it on every build.
            builder.environment().merge("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow", (a, b) -> a + " " + b);
        }
        try {
            return builder.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    // ---- drill ---------------------------------------------------------------------------------------------------

    private int drill(List<String> args) {
        DrillOptions options = DrillOptions.parse(args);
        init();
        if (!ownStackFits("the drill")) {
            return 1;
        }
        return new Drill(stack, options, out, ownStackControls(), devTokens("drill-admin")).run();
    }

    // ---- bench saga ----------------------------------------------------------------------------------------------

    /** {@code ./mosaic bench saga} (bench/saga/run hands over here once the reactor is built). */
    private int benchSaga(List<String> args) {
        SagaBenchOptions options = SagaBenchOptions.parse(args);
        init();
        if (!ownStackFits("the saga benchmark")) {
            return 1;
        }
        return new SagaBench(stack, options, out, ownStackControls(), devTokens("bench-admin")).run();
    }

    // ---- a stack of a command's own (drill, bench saga) ------------------------------------------------------------

    /** A command's own stack takes this stack's ports: false, after saying so, while any of this stack runs. */
    private boolean ownStackFits(String who) {
        Set<String> running = runningNames();
        if (running.isEmpty()) {
            return true;
        }
        err.println("mosaic: " + who + " runs a stack of its own on this stack's ports, and " + String.join(", ", running)
                + " of this stack run. Stop it with ./mosaic down, or run " + who + " beside it with another"
                + " MOSAIC_PORT_OFFSET.");
        return false;
    }

    /** The same commands a user types, on a command's own stack; what that stack prints is indented. */
    private Function<Stack, StackControl> ownStackControls() {
        return ownStack -> new Control(new Mosaic(() -> ownStack,
                new PrintStream(new Indented(out), true, StandardCharsets.UTF_8),
                new PrintStream(new Indented(err), true, StandardCharsets.UTF_8), false));
    }

    /** Tokens of the development issuer a stack's up created in its MOSAIC_HOME/auth. */
    private static Function<Path, TokenSource> devTokens(String adminName) {
        return home -> new TokenSource() {
            @Override
            public String customer(String customerId) {
                return DevTokens.issue(home, customerId, false);
            }

            @Override
            public String admin() {
                return DevTokens.issue(home, adminName, true);
            }
        };
    }

    /** A command's hold on its own stack: the same commands a user types. */
    private record Control(Mosaic mosaic) implements StackControl {
        @Override
        public boolean up() {
            return mosaic.run("up", "--detach") == 0;
        }

        @Override
        public void down() {
            mosaic.run("down");
        }

        @Override
        public boolean kill(String name) {
            return mosaic.run("kill", name) == 0;
        }

        @Override
        public boolean start(String name) {
            return mosaic.run("start", name) == 0;
        }
    }

    /** Indents what a command's own stack prints, so it reads as part of the command's step. */
    private static final class Indented extends FilterOutputStream {
        private boolean lineStart = true;

        Indented(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (lineStart) {
                out.write("    ".getBytes(StandardCharsets.UTF_8));
            }
            out.write(b);
            lineStart = b == '\n';
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void init() {
        if (stack == null) {
            stack = stackSupplier.get();
            control = new ProcessControl(stack.home());
        }
    }

    private List<ServiceSpec> byKind(Kind kind) {
        return stack.specs().stream().filter(s -> s.kind() == kind).toList();
    }

    private List<String> names() {
        return stack.specs().stream().map(ServiceSpec::name).toList();
    }

    private Set<String> runningNames() {
        return stack.specs().stream().map(ServiceSpec::name).filter(control::isRunning)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private int usageError(String message) {
        err.println("mosaic: " + message);
        err.print(usage());
        return USAGE_ERROR;
    }

    private int unknownProcess(String name) {
        err.println("mosaic: there is no process named '" + name + "'; the stack has "
                + String.join(", ", names()) + ".");
        return USAGE_ERROR;
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

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
