package dev.mosaic.drill;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.mosaic.devstack.Stack;
import dev.mosaic.platform.dev.PostgresCluster;

/**
 * {@code ./mosaic drill}: starts a stack of its own, drives a steady load through the gateway, breaks one part at a
 * time (SIGKILL and restart, a slow inventory, the broker, the database), checks the saga's invariants after each
 * fault, prints a table and writes a report. Always tears down what it started: on return, on error and on Ctrl-C.
 */
public final class Drill {

    /** Units set on each sku the load orders: enough that no order of the drill is cancelled for lack of stock. */
    private static final int SEEDED_UNITS = 100_000;
    private static final int SKUS = 6;
    private static final Duration SLOW = Duration.ofSeconds(2);
    /** The least time the load runs after a heal before the checks, so the recovery phase has numbers. */
    private static final Duration RECOVERY_WINDOW = Duration.ofSeconds(2);
    /** Calls of each promised operation a fault waits for before it is healed. */
    private static final int MIN_TRIES = 3;
    private static final String WARM_UP = "warm-up";

    private final Stack base;
    private final DrillOptions options;
    private final PrintStream out;
    private final Function<Stack, StackControl> controls;
    private final Function<Path, TokenSource> tokens;

    private final AtomicBoolean tornDown = new AtomicBoolean();
    private StackControl control;
    private FaultProxy proxy;
    private OwnStack own;
    private PostgresCluster postgres;
    private LoadDriver load;

    /**
     * @param base     the stack this drill stands in for: its ports, home and database choice
     * @param controls the orchestrator's up/down/kill/start for a stack
     * @param tokens   the development issuer's tokens of a MOSAIC_HOME (the drill's, once its stack is up)
     */
    public Drill(Stack base, DrillOptions options, PrintStream out, Function<Stack, StackControl> controls,
                 Function<Path, TokenSource> tokens) {
        this.base = base;
        this.options = options;
        this.out = out;
        this.controls = controls;
        this.tokens = tokens;
    }

    /** Runs the drill; 0 when every fault passed with nothing lost, 1 otherwise. */
    public int run() {
        Instant startedAt = Instant.now();
        long begin = System.nanoTime();
        Path home = base.home().resolve("drill");
        Thread teardownOnSignal = new Thread(this::teardown, "mosaic-drill-teardown");
        Runtime.getRuntime().addShutdownHook(teardownOnSignal);
        try {
            String database = prepare(home);
            Stack stack = own.stack().withUpstream("orders", "inventory", proxy.url());
            control = controls.apply(stack);
            say("starting the drill's stack in " + home + " (orders reaches inventory through the fault proxy on port "
                    + proxy.port() + ")");
            if (!control.up()) {
                say("the drill's stack did not start; see above and the logs in " + home.resolve("logs"));
                return 1;
            }
            String gateway = stack.url(stack.spec("gateway").orElseThrow());
            ShopClient shop = new ShopClient(gateway, tokens.apply(home), Duration.ofSeconds(10));
            OrderBook orders = new OrderBook();
            Measurements measurements = new Measurements();
            SagaChecks checks = new SagaChecks(shop, stack.url(stack.spec("inventory").orElseThrow()),
                    stack.url(stack.spec("payments").orElseThrow()), orders);
            List<String> skus = shop.skus(LoadDriver.customer(1), SKUS);
            checks.seed(skus, SEEDED_UNITS);
            say("load: " + options.customers() + " virtual customers ordering " + String.join(", ", skus)
                    + " (stock set to " + SEEDED_UNITS + " each)");

            load = new LoadDriver(shop, measurements, orders, skus, new LoadDriver.Settings(options.customers(),
                    Duration.ofMillis(400), 2, 5, Duration.ofMinutes(options.isShort() ? 10 : 40)));
            // A cold stack answers its first orders slowly (JIT, connection pools, the catalog lookup): warm up until
            // an order goes through, so the baseline is the stack's normal pace.
            measurements.phase(WARM_UP);
            load.start();
            long warming = System.nanoTime();
            if (awaitSignal(measurements, Signal.ORDER_ACCEPTED, warming, warming).isEmpty()) {
                say("no order went through within " + options.recoverIn().toSeconds() + " s of starting the load; see "
                        + home.resolve("logs"));
                return 1;
            }
            measurements.phase(FaultResult.BASELINE);
            pause(options.faultFor().plusSeconds(2));

            List<Ran> ran = new ArrayList<>();
            for (Fault fault : options.faults()) {
                if (fault.action() == Fault.Action.STOP_DATABASE && postgres == null) {
                    String why = base.postgres() ? "skipped: " + database
                            : "not applicable: H2 is embedded in each service (run with MOSAIC_DB=postgres)";
                    say(fault.id() + ": " + why);
                    ran.add(new Ran(FaultResult.notApplicable(fault, why)));
                    continue;
                }
                Ran one = inject(fault, measurements, checks);
                ran.add(one);
                if (one.broken() != null) {
                    say(fault.id() + ": FAIL - " + String.join("; ", one.broken().notes()) + "; the drill cannot go on");
                    break;
                }
                say(fault.id() + ": recovery " + one.recovery().map(DrillReport::seconds).orElse("none") + ", "
                        + one.checks().unfinished().size() + " order(s) not finished within " + options.settle().toSeconds()
                        + " s, " + one.checks().chargeProblems().size() + " charged wrongly, "
                        + one.checks().stockProblems().size() + " sku(s) not conserved");
            }

            measurements.phase("after the drill");
            load.stop();
            int unknown = load.resolveUnanswered(Duration.ofSeconds(30));
            say("load stopped after " + orders.size() + " accepted orders" + (unknown == 0 ? ""
                    : " (" + unknown + " placements never got a clear answer, even when asked again)")
                    + "; checking that every one has finished");
            // The last word on lost orders: a longer wait than each fault's, with nothing new coming in.
            SagaChecks.Result last = checks.check(options.settle().multipliedBy(2));
            Map<String, String> settled = last.unfinished().isEmpty() ? checks.settledStock(Duration.ofSeconds(60)) : Map.of();
            List<FaultResult> results = ran.stream().map(r -> r.judge(measurements, last.unfinished().keySet())).toList();
            DrillReport report = new DrillReport(new DrillReport.Run(startedAt, Duration.ofNanos(System.nanoTime() - begin),
                    database, options, orders.size(), results, last, settled, lostByPhase(orders, last)), measurements);
            write(home, report);
            out.println();
            out.print(report.table());
            out.flush();
            return report.properties().getProperty("drill.verdict").equals("PASS") ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            say("the drill stopped: " + e.getMessage() + " (logs of the drill's stack: " + home.resolve("logs") + ")");
            return 1;
        } finally {
            teardown();
            try {
                Runtime.getRuntime().removeShutdownHook(teardownOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running the same teardown
            }
        }
    }

    private static Map<String, Long> lostByPhase(OrderBook orders, SagaChecks.Result last) {
        Map<String, Long> byPhase = new LinkedHashMap<>();
        for (OrderBook.Placed order : orders.all()) {
            if (last.unfinished().containsKey(order.id())) {
                byPhase.merge(order.phase(), 1L, Long::sum);
            }
        }
        return byPhase;
    }

    /** Clears what an earlier drill left, starts the fault proxy and, for PostgreSQL, the drill's own cluster. */
    private String prepare(Path home) throws IOException {
        own = OwnStack.clear(base, home, controls);
        proxy = FaultProxy.start(base.port(base.spec("inventory").orElseThrow()));
        String database = own.startDatabase(this::say);
        postgres = own.cluster().orElse(null);
        if (base.postgres() && postgres == null) {
            say("no PostgreSQL cluster of the drill's own: " + database + ". The drill runs on H2 and skips the"
                    + " database phase; it never stops the shared server.");
        }
        return database;
    }

    /** What a fault left to judge once the drill knows which orders never finished. */
    private final class Ran {
        private final Fault fault;
        private final FaultResult done;
        private final Optional<Duration> recovery;
        private final SagaChecks.Result checks;

        Ran(FaultResult done) {
            this(done.fault(), done, Optional.empty(), null);
        }

        Ran(Fault fault, FaultResult done, Optional<Duration> recovery, SagaChecks.Result checks) {
            this.fault = fault;
            this.done = done;
            this.recovery = recovery;
            this.checks = checks;
        }

        FaultResult broken() {
            return done != null && done.verdict() == FaultResult.Verdict.FAIL ? done : null;
        }

        Optional<Duration> recovery() {
            return recovery;
        }

        SagaChecks.Result checks() {
            return checks;
        }

        FaultResult judge(Measurements measurements, Set<String> neverFinished) {
            return done != null ? done : FaultResult.judge(fault, measurements, DrillReport.faultPhase(fault), recovery,
                    checks, neverFinished, options.recoverIn(), options.settle());
        }
    }

    /** One fault: break, hold while the load runs, heal, wait for the first sign of recovery, check. */
    private Ran inject(Fault fault, Measurements measurements, SagaChecks checks) throws IOException {
        say(fault.id() + ": " + fault.title() + " for " + DrillReport.seconds(options.faultFor()));
        measurements.phase(DrillReport.faultPhase(fault));
        long broken = System.nanoTime();
        switch (fault.action()) {
            case KILL -> {
                if (!control.kill(fault.target())) {
                    return new Ran(FaultResult.broken(fault, fault.target() + " was not running when the drill came to kill it"));
                }
            }
            case SLOW -> proxy.delay(SLOW);
            case STOP_DATABASE -> postgres.crash();
        }
        pause(options.faultFor());
        holdUntilTried(fault, measurements);

        measurements.phase(DrillReport.recoveryPhase(fault));
        long healed = System.nanoTime();
        switch (fault.action()) {
            case KILL -> {
                if (!control.start(fault.target())) {
                    return new Ran(FaultResult.broken(fault, fault.target() + " did not start again"));
                }
            }
            case SLOW -> proxy.delay(Duration.ZERO);
            case STOP_DATABASE -> postgres.start();
        }
        Optional<Duration> recovery = awaitSignal(measurements, fault.recovery(), healed, broken);
        long windowLeft = RECOVERY_WINDOW.toNanos() - (System.nanoTime() - healed);
        if (windowLeft > 0) {
            pause(Duration.ofNanos(windowLeft));
        }
        return new Ran(fault, null, recovery, checks.check(options.settle()));
    }

    /**
     * Keeps the fault on until each operation the design promises keeps working has been tried a few times: on a
     * busy machine a short fault could otherwise pass without the promise being put to the test. Bounded.
     */
    private void holdUntilTried(Fault fault, Measurements measurements) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).plus(options.faultFor()).toNanos();
        while (fault.keptWorking().stream().anyMatch(op -> measurements.stats(DrillReport.faultPhase(fault), op).count() < MIN_TRIES)
                && System.nanoTime() - deadline < 0) {
            pause(Duration.ofMillis(200));
        }
    }

    /** Waits for the first sign, after the heal, of something that began after the fault did. */
    private Optional<Duration> awaitSignal(Measurements measurements, Signal signal, long since, long causedSince) {
        long deadline = since + options.recoverIn().toNanos();
        while (System.nanoTime() - deadline < 0) {
            OptionalLong first = measurements.firstSignal(signal, since, causedSince);
            if (first.isPresent()) {
                return Optional.of(Duration.ofNanos(first.getAsLong() - since));
            }
            pause(Duration.ofMillis(100));
        }
        return Optional.empty();
    }

    private void write(Path home, DrillReport report) throws IOException {
        Path markdown = home.resolve("failure-modes.md");
        Files.writeString(markdown, report.markdown());
        try (OutputStream props = Files.newOutputStream(home.resolve("result.properties"))) {
            report.properties().store(props, "./mosaic drill");
        }
        say("report: " + markdown + ", numbers: " + home.resolve("result.properties"));
        if (options.writeDoc()) {
            Path doc = base.repo().resolve("docs").resolve("failure-modes.md");
            Files.writeString(doc, report.markdown(), StandardCharsets.UTF_8);
            say("wrote " + doc);
        }
    }

    /** Stops the load, the stack, the proxy and the database, once, whoever asks first (the run or Ctrl-C). */
    private void teardown() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        if (load != null) {
            load.stop();
        }
        if (control != null) {
            say("stopping the drill's stack");
            control.down();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (own != null) {
            own.close();
        }
    }

    private void say(String line) {
        out.println("drill: " + line);
        out.flush();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
