package dev.mosaic.drill.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.mosaic.devstack.ProcessControl;
import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.Stack;
import dev.mosaic.drill.Measurements;
import dev.mosaic.drill.OrderBook;
import dev.mosaic.drill.OwnStack;
import dev.mosaic.drill.SagaChecks;
import dev.mosaic.drill.ShopClient;
import dev.mosaic.drill.StackControl;
import dev.mosaic.drill.TokenSource;

/**
 * {@code ./mosaic bench saga}: starts a stack of its own (MOSAIC_HOME/bench-saga, as {@code ./mosaic up} runs it),
 * raises stock, offers orders through the gateway at fixed arrival rates, and after each level waits until every
 * accepted order has ended and checks that stock and money are conserved. Prints the tables and writes them into
 * docs/performance.md. Always stops the stack it started: on return, on error and on Ctrl-C.
 */
public final class SagaBench {

    /** The benchmark's own JVM in the CPU and memory tables: the load generator costs CPU too. */
    static final String SELF = "bench";
    private static final int SKUS = 20;
    /** Units set on each sku: no order of a long run is cancelled for lack of stock. */
    private static final int SEEDED_UNITS = 1_000_000;
    /** How long the client polls an order before it leaves it to the checks. */
    private static final Duration FOLLOW_FOR = Duration.ofSeconds(60);
    /** How long the checks wait, with no load, for the last orders to end. */
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private final Stack base;
    private final SagaBenchOptions options;
    private final PrintStream out;
    private final Function<Stack, StackControl> controls;
    private final Function<Path, TokenSource> tokens;
    private final AtomicBoolean tornDown = new AtomicBoolean();
    private OwnStack own;
    private StackControl control;
    private OpenLoop loop;

    /**
     * @param base     the stack this benchmark stands in for: its ports, home and database choice
     * @param controls the orchestrator's up/down for a stack
     * @param tokens   the development issuer's tokens of a MOSAIC_HOME (the benchmark's, once its stack is up)
     */
    public SagaBench(Stack base, SagaBenchOptions options, PrintStream out, Function<Stack, StackControl> controls,
                     Function<Path, TokenSource> tokens) {
        this.base = base;
        this.options = options;
        this.out = out;
        this.controls = controls;
        this.tokens = tokens;
    }

    /** Runs every level; 0 when every level's checks passed, 1 otherwise (or when the stack did not start). */
    public int run() {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadAtStart = loadAverage();
        Path home = base.home().resolve("bench-saga");
        Thread teardownOnSignal = new Thread(this::teardown, "mosaic-bench-teardown");
        Runtime.getRuntime().addShutdownHook(teardownOnSignal);
        try {
            own = OwnStack.clear(base, home, controls);
            String database = own.startDatabase(this::say);
            if (base.postgres() && !own.postgres()) {
                say("MOSAIC_DB=postgres, but no PostgreSQL cluster of the benchmark's own: " + database);
                return 1;
            }
            Stack stack = own.stack();
            control = controls.apply(stack);
            say("starting the benchmark's stack in " + home + " (" + database + ")");
            if (!control.up()) {
                say("the benchmark's stack did not start; see above and the logs in " + home.resolve("logs"));
                return 1;
            }
            ShopClient shop = new ShopClient(stack.url(stack.spec("gateway").orElseThrow()), tokens.apply(home),
                    Duration.ofSeconds(10));
            OrderBook orders = new OrderBook();
            SagaChecks checks = new SagaChecks(shop, stack.url(stack.spec("inventory").orElseThrow()),
                    stack.url(stack.spec("payments").orElseThrow()), orders);
            List<String> customers = IntStream.rangeClosed(1, options.customers()).mapToObj(i -> "bench-customer-" + i).toList();
            List<String> skus = shop.skus(customers.get(0), SKUS);
            checks.seed(skus, SEEDED_UNITS);
            customers.forEach(shop::signIn);
            Map<String, Long> pids = pids(stack, home);
            say("orders of one line (tok_ok) from " + customers.size() + " customers on " + skus.size() + " skus (stock "
                    + SEEDED_UNITS + " each); processes " + pids);
            loop = new OpenLoop(shop, orders, skus, customers, options.pollEvery(), !options.poll(), FOLLOW_FOR,
                    stack.url(stack.spec("orders").orElseThrow()) + "/orders");

            List<LevelResult> results = new ArrayList<>();
            for (int rate : options.levels()) {
                LevelResult result = level(rate, stack, shop, checks, pids);
                results.add(result);
                say(summary(result));
                if (!result.clean()) {
                    say("stopping after " + rate + " orders/s: its checks failed, later levels would start from a broken state");
                    break;
                }
            }
            List<String> processes = new ArrayList<>(pids.keySet());
            processes.remove(SELF);
            String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
            SagaBenchReport.Header header = new SagaBenchReport.Header(date, commit(), Runtime.getRuntime().availableProcessors(),
                    cpuModel(), jdk, database, command(), loadAtStart + " at the start, " + loadAverage() + " at the end");
            String section = SagaBenchReport.section(header, results, processes);
            out.println();
            out.print(section);
            out.flush();
            if (options.write()) {
                Path doc = base.repo().resolve("docs").resolve("performance.md");
                String before = Files.exists(doc) ? Files.readString(doc) : "# Performance\n";
                Files.writeString(doc, SagaBenchReport.replaceSection(before, section), StandardCharsets.UTF_8);
                say("wrote the results into " + doc);
            }
            boolean clean = results.size() == options.levels().size() && results.stream().allMatch(LevelResult::clean)
                    && results.stream().anyMatch(r -> r.confirmed() > 0 || r.confirmClient().count() > 0);
            return clean ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            say("the benchmark stopped: " + e + " (logs of its stack: " + home.resolve("logs") + ")");
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

    private LevelResult level(int rate, Stack stack, ShopClient shop, SagaChecks checks, Map<String, Long> pids) {
        say(rate + " orders/s: " + options.warmup().toSeconds() + " s warm-up, then " + options.duration().toSeconds()
                + " s measured");
        Map<String, ProcStats.Sample> before = new HashMap<>();
        Map<String, ProcStats.Sample> after = new HashMap<>();
        Map<String, Long> databaseFiles = new LinkedHashMap<>();
        // The files' sizes are read with the processes' resident sizes, as the measured window ends: read after the
        // level's orders have been followed to their end, they would also hold what H2 wrote meanwhile.
        OpenLoop.Counts counts = loop.offer(rate, options.warmup(), options.duration(),
                () -> before.putAll(sample(pids)), () -> {
                    after.putAll(sample(pids));
                    databaseFiles.putAll(databaseFiles(stack));
                }, rate + "/s");
        long lag = lag(stack, shop);
        // The orders placed first, followed to their end: a stack that fell behind goes on refusing new requests
        // (503, Retry-After) until it has caught up, and a placement sent again before that learns nothing.
        loop.awaitFollowed(FOLLOW_FOR.plusSeconds(30));
        long unknown = loop.resolveUnanswered(counts, Duration.ofSeconds(30), rate + "/s");
        if (unknown > 0) {
            say(unknown + " placements never got a clear answer, even when sent again for 30 s once the orders"
                    + " placed had ended");
        }
        if (!loop.awaitFollowed(FOLLOW_FOR.plusSeconds(30))) {
            say("some orders are still being followed; the checks wait for them");
        }
        SagaChecks.Result checked = checks.check(SETTLE);
        Map<String, String> settled = checked.unfinished().isEmpty() ? checks.settledStock(Duration.ofSeconds(30)) : Map.of();
        checked.unfinished().entrySet().stream().limit(5).forEach(e -> say("  unfinished: " + e.getKey() + " " + e.getValue()));
        checked.chargeProblems().forEach((id, p) -> say("  charge: " + id + " " + p));
        checked.stockProblems().forEach((sku, p) -> say("  stock: " + sku + " " + p));
        settled.forEach((sku, p) -> say("  settled stock: " + sku + " " + p));

        long placed = counts.placed.get();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, LevelResult.Threads> threads = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.keySet().forEach(name -> {
            ProcStats.Sample b = before.get(name);
            ProcStats.Sample a = after.get(name);
            if (a != null) {
                rss.put(name, a.rssKib() / 1024);
            }
            if (a != null && b != null && placed > 0) {
                cpu.put(name, ProcStats.millis(a.cpuTicks() - b.cpuTicks()) / placed);
                threads.put(name, new LevelResult.Threads(
                        ProcStats.millis(a.threads().jit() - b.threads().jit()) / placed,
                        ProcStats.millis(a.threads().consumer() - b.threads().consumer()) / placed,
                        ProcStats.millis(a.threads().relay() - b.threads().relay()) / placed));
            }
        });
        return new LevelResult(rate, options.duration(), counts.offered.get(), placed, counts.confirmedInWindow.get(),
                counts.cancelled.get(), latency(counts.place), latency(counts.confirmClient), latency(counts.confirmServer),
                counts.errors(), cpu, threads, rss, lag, unknown, checked.unfinished().size(),
                checked.chargeProblems().size() + checked.stockProblems().size() + settled.size(),
                placed == 0 ? 0 : (double) counts.polls.get() / placed, databaseFiles);
    }

    /** The size of each service's H2 database file, in MiB (none when the stack runs on PostgreSQL). */
    private Map<String, Long> databaseFiles(Stack stack) {
        Map<String, Long> mib = new LinkedHashMap<>();
        if (stack.postgres()) {
            return mib;
        }
        for (ServiceSpec spec : stack.services()) {
            Path file = stack.workDir(spec).resolve(spec.name() + ".mv.db");
            try {
                if (Files.exists(file)) {
                    mib.put(spec.name(), Files.size(file) >> 20);
                }
            } catch (IOException e) {
                say("could not read the size of " + file + ": " + e);
            }
        }
        return mib;
    }

    private static LevelResult.Latency latency(Measurements.Stats stats) {
        return new LevelResult.Latency(stats.percentileMillis(50), stats.percentileMillis(99), stats.count());
    }

    private static String summary(LevelResult r) {
        return String.format(java.util.Locale.ROOT,
                "%d orders/s: placed %.1f/s, confirmed %.1f/s, confirm p99 %.1f ms (client), %.1f polls/order, errors %s, %s",
                r.rate(), r.placedPerSecond(), r.confirmedPerSecond(), r.confirmClient().p99(), r.pollsPerOrder(),
                r.errors().isEmpty() ? "none" : r.errors(), r.clean() ? "checks ok" : "CHECKS FAILED");
    }

    /** The stack's processes in start order, then the benchmark's own JVM. */
    private static Map<String, Long> pids(Stack stack, Path home) {
        Map<String, Long> found = new ProcessControl(home).findAll();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceSpec spec : stack.specs()) {
            Optional.ofNullable(found.get(spec.name())).ifPresent(pid -> pids.put(spec.name(), pid));
        }
        pids.put(SELF, ProcessHandle.current().pid());
        return pids;
    }

    private static Map<String, ProcStats.Sample> sample(Map<String, Long> pids) {
        Map<String, ProcStats.Sample> samples = new HashMap<>();
        pids.forEach((name, pid) -> ProcStats.of(pid).ifPresent(s -> samples.put(name, s)));
        return samples;
    }

    /** The sum of every service's {@code mosaic_events_consumer_lag} gauges; -1 when none answered one. */
    private static long lag(Stack stack, ShopClient shop) {
        long total = 0;
        boolean any = false;
        for (ServiceSpec spec : stack.services()) {
            ShopClient.Answer answer = shop.direct("GET", stack.url(spec) + "/metrics", null);
            if (!answer.is(200)) {
                continue;
            }
            for (String line : answer.body().split("\n")) {
                if (line.startsWith("mosaic_events_consumer_lag")) {
                    String value = line.substring(line.lastIndexOf(' ') + 1);
                    try {
                        double lag = Double.parseDouble(value);
                        if (!Double.isNaN(lag)) {
                            total += (long) lag;
                            any = true;
                        }
                    } catch (NumberFormatException ignored) {
                        // not a sample line
                    }
                }
            }
        }
        return any ? total : -1;
    }

    private String command() {
        return "./mosaic bench saga --levels " + options.levels().stream().map(String::valueOf).collect(Collectors.joining(","))
                + " --duration " + options.duration().toSeconds() + " --warmup " + options.warmup().toSeconds()
                + " --customers " + options.customers()
                + (options.poll() ? " --poll --poll-ms " + options.pollEvery().toMillis() : "");
    }

    private String commit() {
        String commit = git("rev-parse", "--short", "HEAD");
        if (commit.isEmpty()) {
            return "unknown";
        }
        return git("status", "--porcelain").isEmpty() ? commit : commit + " (with local changes)";
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", base.repo().toString()));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown model");
        } catch (IOException e) {
            return "unknown model";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Stops the load, the stack and its database, once, whoever asks first (the run or Ctrl-C). */
    private void teardown() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        if (loop != null) {
            loop.stop();
        }
        if (control != null) {
            say("stopping the benchmark's stack");
            control.down();
        }
        if (own != null) {
            own.close();
        }
    }

    private void say(String line) {
        out.println("bench saga: " + line);
        out.flush();
    }
}
