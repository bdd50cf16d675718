package dev.mosaic.devstack.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one fault did: the load during it, the time to recover, the invariant checks after it, and the verdict.
 *
 * @param fault    the fault
 * @param verdict  PASS, DEGRADED (a promised operation suffered), FAIL (an invariant broke, or no recovery), N/A
 * @param notes    why, when the verdict is not PASS
 * @param recovery from the heal command to the first sign the service works again; empty when none came
 * @param checks   the invariant checks after recovery; null when the fault did not run
 */
public record FaultResult(Fault fault, Verdict verdict, List<String> notes, Optional<Duration> recovery,
                          SagaChecks.Result checks) {

    /** How a fault went. */
    public enum Verdict { PASS, DEGRADED, FAIL, NOT_APPLICABLE }

    /** Share of failed calls a promised operation may have during a fault (the calls in flight at the kill). */
    static final double TOLERATED_ERROR_RATE = 0.02;
    /** What orders' synchronous reservation may add to a placement before its fallback answers (its @Timeout). */
    static final double RESERVATION_BUDGET_MILLIS = 1500;
    /** The phase before the first fault, the yardstick for latencies. */
    public static final String BASELINE = "baseline";

    public static FaultResult notApplicable(Fault fault, String why) {
        return new FaultResult(fault, Verdict.NOT_APPLICABLE, List.of(why), Optional.empty(), null);
    }

    /** Judges a fault that ran from what the load measured and what the checks found. */
    public static FaultResult judge(Fault fault, Measurements during, String duringPhase, Optional<Duration> recovery,
                                    SagaChecks.Result checks, Duration recoverIn) {
        List<String> failures = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (recovery.isEmpty()) {
            failures.add("no sign that " + fault.target() + " works again (" + fault.recovery().meaning() + ") within "
                    + recoverIn.toSeconds() + " s of healing it");
        }
        if (!checks.lost().isEmpty()) {
            failures.add(checks.lost().size() + " accepted order(s) did not reach CONFIRMED or CANCELLED: " + sample(checks.lost()));
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
            } else if (stats.errorRate() > TOLERATED_ERROR_RATE) {
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
        return new FaultResult(fault, verdict, notes, recovery, checks);
    }

    /** A fault whose heal failed: the drill cannot go on. */
    public static FaultResult broken(Fault fault, String why) {
        return new FaultResult(fault, Verdict.FAIL, List.of(why), Optional.empty(), null);
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
