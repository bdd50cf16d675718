package dev.mosaic.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one fault did: the load during it, the time to recover, the invariant checks after it, and the verdict.
 *
 * @param fault    the fault
 * @param verdict  PASS, DEGRADED (a promised operation suffered), FAIL (an invariant broke, or no recovery), N/A
 * @param notes    why, when the verdict is not PASS
 * @param recovery from the heal command to the first sign the service works again; empty when none came
 * @param checks   the invariant checks after recovery; null when the fault did not run
 * @param lost     orders unfinished at this fault's check that never finished, not even by the end of the drill
 */
public record FaultResult(Fault fault, Verdict verdict, List<String> notes, Optional<Duration> recovery,
                          SagaChecks.Result checks, Map<String, String> lost) {

    /** How a fault went. */
    public enum Verdict { PASS, DEGRADED, FAIL, NOT_APPLICABLE }

    /**
     * Share of failed calls a promised operation may have during a fault (the calls in flight at the kill); one
     * failed call is always tolerated, so a short fault is not judged by a single unlucky call.
     */
    static final double TOLERATED_ERROR_RATE = 0.02;
    /** What orders' synchronous reservation may add to a placement before its fallback answers (its @Timeout). */
    static final double RESERVATION_BUDGET_MILLIS = 1500;
    /** The phase before the first fault, the yardstick for latencies. */
    public static final String BASELINE = "baseline";

    public static FaultResult notApplicable(Fault fault, String why) {
        return new FaultResult(fault, Verdict.NOT_APPLICABLE, List.of(why), Optional.empty(), null, Map.of());
    }

    /**
     * Judges a fault that ran from what the load measured and what the checks found. An order still unfinished at
     * the fault's check is lost only if it is also in {@code neverFinished} (unfinished after the drill); otherwise
     * it was late.
     */
    public static FaultResult judge(Fault fault, Measurements during, String duringPhase, Optional<Duration> recovery,
                                    SagaChecks.Result checks, Set<String> neverFinished, Duration recoverIn, Duration settle) {
        List<String> failures = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (recovery.isEmpty()) {
            failures.add("no sign that " + fault.target() + " works again (" + fault.recovery().meaning() + ") within "
                    + recoverIn.toSeconds() + " s of healing it" + stillFailing(during, fault));
        }
        Map<String, String> lost = new LinkedHashMap<>();
        checks.unfinished().forEach((id, status) -> {
            if (neverFinished.contains(id)) {
                lost.put(id, status);
            }
        });
        if (!lost.isEmpty()) {
            failures.add(lost.size() + " accepted order(s) never reached CONFIRMED or CANCELLED: " + sample(lost));
        }
        int late = checks.unfinished().size() - lost.size();
        if (late > 0) {
            degraded.add(late + " order(s) took longer than " + settle.toSeconds() + " s to finish (all finished later)");
        }
        if (!checks.chargeProblems().isEmpty()) {
            failures.add(checks.chargeProblems().size() + " order(s) charged wrongly: " + sample(checks.chargeProblems()));
        }
        if (!checks.stockProblems().isEmpty()) {
            failures.add("stock not conserved: " + sample(checks.stockProblems()));
        }
        for (Operation op : fault.keptWorking()) {
            Measurements.Stats stats = during.stats(duringPhase, op);
            if (stats.count() == 0) {
                degraded.add(op.label() + " was not tried during the fault");
            } else if (stats.failed() > 1 && stats.errorRate() > TOLERATED_ERROR_RATE) {
                degraded.add(op.label() + " failed " + percent(stats.errorRate()) + " of " + stats.count() + " calls "
                        + stats.failures());
            }
        }
        if (fault.action() == Fault.Action.SLOW) {
            Measurements.Stats place = during.stats(duringPhase, Operation.PLACE);
            Measurements.Stats normal = during.stats(BASELINE, Operation.PLACE);
            double limit = normal.percentileMillis(99) + RESERVATION_BUDGET_MILLIS;
            if (place.count() > 0 && normal.count() > 0 && place.percentileMillis(99) > limit) {
                degraded.add("placing an order took " + millis(place.percentileMillis(99)) + " at p99 against "
                        + millis(normal.percentileMillis(99)) + " without the fault: more than the reservation's "
                        + millis(RESERVATION_BUDGET_MILLIS) + " budget, the delay reached the customer");
            }
        }
        List<String> notes = new ArrayList<>(failures);
        notes.addAll(degraded);
        Verdict verdict = !failures.isEmpty() ? Verdict.FAIL : !degraded.isEmpty() ? Verdict.DEGRADED : Verdict.PASS;
        return new FaultResult(fault, verdict, notes, recovery, checks, Map.copyOf(lost));
    }

    /** What kept failing after the heal, to point at the part that did not come back. */
    private static String stillFailing(Measurements during, Fault fault) {
        List<String> failing = new ArrayList<>();
        for (Operation op : Operation.values()) {
            Measurements.Stats s = during.stats(DrillReport.recoveryPhase(fault), op);
            if (s.count() > 0 && s.errorRate() > 0.5) {
                failing.add(op.label() + " " + s.failed() + "/" + s.count() + " failed " + s.failures());
            }
        }
        return failing.isEmpty() ? "" : "; still failing after the heal: " + String.join(", ", failing);
    }

    /** A fault whose heal failed: the drill cannot go on. */
    public static FaultResult broken(Fault fault, String why) {
        return new FaultResult(fault, Verdict.FAIL, List.of(why), Optional.empty(), null, Map.of());
    }

    private static String sample(Map<String, String> problems) {
        return problems.entrySet().stream().limit(3).map(e -> e.getKey() + " " + e.getValue()).toList()
                + (problems.size() > 3 ? " ..." : "");
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String millis(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
