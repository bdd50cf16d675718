package dev.mosaic.drill;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The drill's results three ways: a table for the terminal, docs/failure-modes.md (the table beside each fault's
 * promise and the tests that prove it), and a properties file a test can assert on.
 */
public final class DrillReport {

    /**
     * The whole run.
     *
     * @param startedAt    when the drill began
     * @param took         how long it ran
     * @param database     where the services kept their data
     * @param options      how it ran
     * @param orders       orders accepted during the drill
     * @param results      one per fault, in the order they ran
     * @param last         the check after the load stopped
     * @param settledStock per sku, what is wrong with the settled stock (empty: nothing)
     * @param lostByPhase  lost orders counted by the phase they were placed in
     */
    public record Run(Instant startedAt, Duration took, String database, DrillOptions options, int orders,
                      List<FaultResult> results, SagaChecks.Result last, Map<String, String> settledStock,
                      Map<String, Long> lostByPhase) {

        public boolean passed() {
            return last != null && last.clean() && settledStock.isEmpty()
                    && results.stream().allMatch(r -> r.verdict() == FaultResult.Verdict.PASS
                    || r.verdict() == FaultResult.Verdict.NOT_APPLICABLE);
        }
    }

    private final Run run;
    private final Measurements measurements;

    public DrillReport(Run run, Measurements measurements) {
        this.run = run;
        this.measurements = measurements;
    }

    static String faultPhase(Fault fault) {
        return fault.id() + " (fault)";
    }

    static String recoveryPhase(Fault fault) {
        return fault.id() + " (recovery)";
    }

    // ---- the terminal

    /** The summary table, one row per fault, and the verdict. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"#", "fault", "during the fault (ok/failed, p99)", "lost", "charges", "stock", "recovery", "verdict"});
        rows.add(new String[]{"0", "baseline (no fault)", during(FaultResult.BASELINE, List.of(Operation.BROWSE, Operation.PLACE)),
                "", "", "", "", ""});
        int i = 1;
        for (FaultResult r : run.results()) {
            rows.add(new String[]{Integer.toString(i++), r.fault().title(), duringCell(r), (r.checks() == null ? "-" : Integer.toString(r.lost().size())),
                    count(r, c -> c.chargeProblems().size()), r.checks() == null ? "-" : r.checks().stockProblems().isEmpty() ? "ok" : "BROKEN",
                    recoveryCell(r), verdictCell(r)});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        for (FaultResult r : run.results()) {
            for (String note : r.notes()) {
                out.append(r.fault().id()).append(": ").append(note).append('\n');
            }
        }
        out.append(verdictLine()).append('\n');
        return out.toString();
    }

    private String verdictLine() {
        String after = run.last() == null ? "the drill did not finish"
                : run.orders() + " orders accepted, " + lostTotal() + " lost"
                + (run.lostByPhase().isEmpty() ? "" : " (placed during " + run.lostByPhase().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")")
                + ", " + chargeTotal() + " charged wrongly, stock "
                + (run.settledStock().isEmpty() && stockTotal() == 0 ? "conserved" : "NOT conserved " + run.settledStock());
        return (run.passed() ? "PASS: " : "FAIL: ") + after + " (" + seconds(run.took()) + ")";
    }

    private int lostTotal() {
        return run.last() == null ? 0 : run.last().unfinished().size();
    }

    private int chargeTotal() {
        return (run.last() == null ? 0 : run.last().chargeProblems().size())
                + run.results().stream().filter(r -> r.checks() != null).mapToInt(r -> r.checks().chargeProblems().size()).sum();
    }

    private int stockTotal() {
        return (run.last() == null ? 0 : run.last().stockProblems().size())
                + run.results().stream().filter(r -> r.checks() != null).mapToInt(r -> r.checks().stockProblems().size()).sum();
    }

    private String duringCell(FaultResult r) {
        if (r.verdict() == FaultResult.Verdict.NOT_APPLICABLE) {
            return "-";
        }
        List<Operation> ops = r.fault().keptWorking().isEmpty() ? List.of(Operation.BROWSE, Operation.PLACE) : r.fault().keptWorking();
        return during(faultPhase(r.fault()), ops);
    }

    private String during(String phase, List<Operation> ops) {
        return ops.stream().map(op -> {
            Measurements.Stats s = measurements.stats(phase, op);
            return op.label() + " " + s.ok() + "/" + s.failed() + (s.count() == 0 ? "" : " " + FaultResult.millis(s.percentileMillis(99)));
        }).collect(Collectors.joining("; "));
    }

    private static String count(FaultResult r, java.util.function.ToIntFunction<SagaChecks.Result> f) {
        return r.checks() == null ? "-" : Integer.toString(f.applyAsInt(r.checks()));
    }

    private static String recoveryCell(FaultResult r) {
        if (r.verdict() == FaultResult.Verdict.NOT_APPLICABLE) {
            return "-";
        }
        return r.recovery().map(DrillReport::seconds).orElse("none");
    }

    private static String verdictCell(FaultResult r) {
        return r.verdict() == FaultResult.Verdict.NOT_APPLICABLE ? "n/a" : r.verdict().name();
    }

    // ---- docs/failure-modes.md

    /** The whole document: how the drill works, the last run's table, and per fault its promise and proof. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Failure modes

                What happens to Mosaic when one of its parts fails, what the design promises, the tests that prove each
                promise, and what the failure drill measured. This file is written by `./mosaic drill --write-doc`;
                the tables below are from the run it names, on a two-core machine running every process of the stack.

                ## The drill

                `./mosaic drill` starts a stack of its own (`MOSAIC_HOME/drill`, this stack's ports; orders reaches
                inventory through an in-process fault proxy), then drives a steady, bounded load through the gateway:
                virtual customers browse products, look at stock levels, place orders (one in five paid with
                `tok_decline`), follow their orders and read their notifications. While that load runs it breaks one
                part at a time (for the fault time, longer until what should keep working was tried), then heals it:

                - **SIGKILL** each service and the gateway, then `start` it again;
                - **SIGKILL and restart the Kafka broker**;
                - **slow inventory**: the proxy between orders and inventory delays every byte by 2 s, each way;
                - **stop PostgreSQL** (with `MOSAIC_DB=postgres`: the drill's own cluster, stopped in immediate mode like
                  a crash, then started again; on H2 the phase does not apply, the database is embedded).

                After each fault it checks, through the public API and the services' inspection endpoints:

                - **lost orders**: every order that got a 202 reaches CONFIRMED or CANCELLED; one still open %s
                  after the fault's check is late (DEGRADED), one still open after the drill is lost (FAIL);
                - **charges**: a confirmed order has one authorized payment of its total, a cancelled one no net charge;
                - **stock**: every sku the load orders still holds its units (available + reserved + committed);
                  after the last fault, with the load stopped, committed units equal the confirmed orders' units and
                  nothing is left reserved.

                **Recovery** is the time from the heal command (`./mosaic start`, removing the delay, starting the
                database) to the first customer call that needed the healed part and succeeded. The verdict is PASS
                when nothing was lost, nothing charged wrongly, stock conserved, the part recovered, and what the design
                promises kept working failed on at most %s of calls (or one call); DEGRADED when a promised operation suffered more;
                FAIL when an invariant broke.

                """.formatted(seconds(run.options().settle()), FaultResult.percent(FaultResult.TOLERATED_ERROR_RATE)));
        md.append("## The last run\n\n");
        md.append("`./mosaic drill").append(run.options().isShort() ? " --short" : "").append("` on ")
                .append(run.startedAt().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(run.database())
                .append(", ").append(run.options().customers()).append(" virtual customers, each fault held for ")
                .append(seconds(run.options().faultFor())).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores. ").append(verdictLine()).append("\n\n");
        md.append("| # | fault | during the fault (ok/failed, p99) | lost orders | wrong charges | stock | recovery | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        md.append("| 0 | baseline (no fault) | ").append(during(FaultResult.BASELINE, List.of(Operation.BROWSE, Operation.PLACE)))
                .append(" | | | | | |\n");
        int i = 1;
        for (FaultResult r : run.results()) {
            md.append("| ").append(i++).append(" | ").append(r.fault().title()).append(" | ").append(duringCell(r))
                    .append(" | ").append((r.checks() == null ? "-" : Integer.toString(r.lost().size()))).append(" | ").append(count(r, c -> c.chargeProblems().size()))
                    .append(" | ").append(r.checks() == null ? "-" : r.checks().stockProblems().isEmpty() ? "conserved" : "**not conserved**")
                    .append(" | ").append(recoveryCell(r)).append(" | ").append(verdictCell(r)).append(" |\n");
        }
        md.append("\n## Each fault: the promise, the proof, the measurement\n");
        for (FaultResult r : run.results()) {
            Fault f = r.fault();
            md.append("\n### ").append(f.title()).append(" (`").append(f.id()).append("`)\n\n");
            md.append("**Promise.** ").append(f.promise()).append("\n\n");
            md.append("**Proven by** ").append(proof(f.provenBy())).append(", and by this drill.\n\n");
            if (r.verdict() == FaultResult.Verdict.NOT_APPLICABLE) {
                md.append("**Measured.** ").append(String.join("; ", r.notes())).append(".\n");
                continue;
            }
            md.append("**Measured.** ").append(verdictCell(r)).append("; recovery ").append(recoveryCell(r))
                    .append(" (").append(f.recovery().meaning()).append(")");
            if (!r.notes().isEmpty()) {
                md.append(": ").append(String.join("; ", r.notes()));
            }
            md.append(".\n\n");
            md.append("| phase | operation | calls | failed | p50 | p99 | failures |\n|---|---|---|---|---|---|---|\n");
            for (String phase : List.of(faultPhase(f), recoveryPhase(f))) {
                for (Operation op : Operation.values()) {
                    Measurements.Stats s = measurements.stats(phase, op);
                    if (s.count() > 0) {
                        md.append("| ").append(phase.substring(f.id().length()).trim().replaceAll("[()]", "")).append(" | ")
                                .append(op.call()).append(" | ").append(s.count()).append(" | ").append(s.failed())
                                .append(" | ").append(FaultResult.millis(s.percentileMillis(50))).append(" | ")
                                .append(FaultResult.millis(s.percentileMillis(99))).append(" | ")
                                .append(s.failures().isEmpty() ? "" : s.failures().toString().replaceAll("[{}]", ""))
                                .append(" |\n");
                    }
                }
            }
        }
        md.append("""

                ## Reading the numbers

                - "ok/failed" counts calls during the fault only; the calls in flight when a process is killed fail
                  with it. A 503 is the gateway's problem answer for an upstream that is down or too slow.
                - Recovery includes the JVM's start (2 to 5 s for a Helidon service on two busy cores) and, for the
                  synchronous reservation, the time orders' circuit breaker stays open (10 s) and gRPC's reconnect
                  backoff.
                - The invariants behind these checks, and the tests that prove each, are in
                  [invariants.md](invariants.md); the saga's contract is in [saga.md](saga.md).
                """);
        return md.toString();
    }

    private static String proof(String provenBy) {
        return List.of(provenBy.split(", ")).stream()
                .map(t -> t.matches("[A-Za-z0-9]+\\.[A-Za-z0-9]+") ? "`" + t + "`" : t)
                .collect(Collectors.joining(", "));
    }

    // ---- for tests

    /** Every number as a property: {@code fault.<id>.verdict}, {@code fault.<id>.during.<operation>.failed}, ... */
    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("drill.verdict", run.passed() ? "PASS" : "FAIL");
        p.setProperty("drill.orders", Integer.toString(run.orders()));
        p.setProperty("drill.lost", Integer.toString(lostTotal()));
        p.setProperty("drill.chargeProblems", Integer.toString(chargeTotal()));
        p.setProperty("drill.stockProblems", Integer.toString(stockTotal() + run.settledStock().size()));
        for (Operation op : Operation.values()) {
            p.setProperty("baseline." + op.name().toLowerCase(Locale.ROOT) + ".p99Millis",
                    Long.toString(Math.round(measurements.stats(FaultResult.BASELINE, op).percentileMillis(99))));
        }
        for (FaultResult r : run.results()) {
            String key = "fault." + r.fault().id() + ".";
            p.setProperty(key + "verdict", r.verdict().name());
            p.setProperty(key + "notes", String.join("; ", r.notes()));
            r.recovery().ifPresent(d -> p.setProperty(key + "recoveryMillis", Long.toString(d.toMillis())));
            if (r.checks() != null) {
                p.setProperty(key + "lost", Integer.toString(r.lost().size()));
                p.setProperty(key + "late", Integer.toString(r.checks().unfinished().size() - r.lost().size()));
                p.setProperty(key + "chargeProblems", Integer.toString(r.checks().chargeProblems().size()));
                p.setProperty(key + "stockProblems", Integer.toString(r.checks().stockProblems().size()));
            }
            for (Operation op : Operation.values()) {
                Measurements.Stats s = measurements.stats(faultPhase(r.fault()), op);
                String opKey = key + "during." + op.name().toLowerCase(Locale.ROOT) + ".";
                p.setProperty(opKey + "ok", Long.toString(s.ok()));
                p.setProperty(opKey + "failed", Long.toString(s.failed()));
                p.setProperty(opKey + "p99Millis", Long.toString(Math.round(s.percentileMillis(99))));
            }
        }
        return p;
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
