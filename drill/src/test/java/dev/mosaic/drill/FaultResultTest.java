package dev.mosaic.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Verdicts from measurements and checks, and the report they make. */
class FaultResultTest {

    private static final Fault KILL_ORDERS = fault("kill-orders");
    private static final Fault SLOW_INVENTORY = fault("slow-inventory");
    private static final SagaChecks.Result CLEAN = new SagaChecks.Result(10, Map.of(), Map.of(), Map.of());
    private static final Duration RECOVER_IN = Duration.ofSeconds(90);

    private final Measurements measurements = new Measurements();

    private static Fault fault(String id) {
        return Fault.ALL.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private void calls(Fault fault, Operation op, int ok, int failed, long millis) {
        for (int i = 0; i < ok + failed; i++) {
            measurements.record(DrillReport.faultPhase(fault), op, 0, millis * 1_000_000, i < ok ? null : "503");
        }
    }

    private FaultResult judge(Fault fault, Optional<Duration> recovery, SagaChecks.Result checks) {
        return FaultResult.judge(fault, measurements, DrillReport.faultPhase(fault), recovery, checks, Set.of("o-lost"),
                RECOVER_IN, Duration.ofSeconds(120));
    }

    @Test
    void browsingThatKeptWorkingWhileOrdersWasDownPasses() {
        calls(KILL_ORDERS, Operation.BROWSE, 50, 0, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);
        calls(KILL_ORDERS, Operation.PLACE, 0, 20, 5);

        FaultResult result = judge(KILL_ORDERS, Optional.of(Duration.ofSeconds(4)), CLEAN);

        assertThat(result.verdict()).isEqualTo(FaultResult.Verdict.PASS);
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void aPromisedOperationThatFailedMoreThanTheCallsInFlightIsDegraded() {
        calls(KILL_ORDERS, Operation.BROWSE, 40, 10, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);

        FaultResult result = judge(KILL_ORDERS, Optional.of(Duration.ofSeconds(4)), CLEAN);

        assertThat(result.verdict()).isEqualTo(FaultResult.Verdict.DEGRADED);
        assertThat(result.notes()).singleElement().asString().contains("browse failed 20.0% of 50 calls");
    }

    @Test
    void aLostOrderOrNoRecoveryFails() {
        calls(KILL_ORDERS, Operation.BROWSE, 50, 0, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);

        FaultResult lost = judge(KILL_ORDERS, Optional.of(Duration.ofSeconds(4)),
                new SagaChecks.Result(3, Map.of("o-lost", "PENDING"), Map.of(), Map.of()));
        FaultResult stuck = judge(KILL_ORDERS, Optional.empty(), CLEAN);

        assertThat(lost.verdict()).isEqualTo(FaultResult.Verdict.FAIL);
        assertThat(lost.lost()).containsOnlyKeys("o-lost");
        assertThat(lost.notes()).anySatisfy(n -> assertThat(n).contains("1 accepted order(s) never reached", "o-lost PENDING"));
        assertThat(stuck.verdict()).isEqualTo(FaultResult.Verdict.FAIL);
        assertThat(stuck.notes()).anySatisfy(n -> assertThat(n).contains("no sign that orders works again"));
    }

    @Test
    void anOrderThatFinishedOnlyAfterTheFaultsCheckIsLateNotLost() {
        calls(KILL_ORDERS, Operation.BROWSE, 50, 0, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);

        FaultResult result = judge(KILL_ORDERS, Optional.of(Duration.ofSeconds(4)),
                new SagaChecks.Result(3, Map.of("o-late", "AWAITING_PAYMENT"), Map.of(), Map.of()));

        assertThat(result.verdict()).isEqualTo(FaultResult.Verdict.DEGRADED);
        assertThat(result.lost()).isEmpty();
        assertThat(result.notes()).singleElement().asString().contains("1 order(s) took longer than 120 s", "finished later");
    }

    @Test
    void whatStillFailsAfterTheHealIsNamedWhenNoRecoveryCame() {
        calls(KILL_ORDERS, Operation.BROWSE, 50, 0, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);
        for (int i = 0; i < 10; i++) {
            measurements.record(DrillReport.recoveryPhase(KILL_ORDERS), Operation.PLACE, 0, 5_000_000L, "503");
        }

        FaultResult result = judge(KILL_ORDERS, Optional.empty(), CLEAN);

        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("still failing after the heal: place order 10/10 failed {503=10}"));
    }

    @Test
    void aSlowInventoryWhoseDelayReachesTheCustomerIsDegraded() {
        for (int i = 0; i < 20; i++) {
            measurements.record(FaultResult.BASELINE, Operation.PLACE, 0, 300_000_000L, null);
        }
        calls(SLOW_INVENTORY, Operation.PLACE, 20, 0, 4100);
        calls(SLOW_INVENTORY, Operation.BROWSE, 20, 0, 10);

        FaultResult result = judge(SLOW_INVENTORY, Optional.of(Duration.ofSeconds(11)), CLEAN);

        assertThat(result.verdict()).isEqualTo(FaultResult.Verdict.DEGRADED);
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("at p99 against 30", "the delay reached the customer"));
    }

    @Test
    void aSlowInventoryThatCostsNoMoreThanTheReservationBudgetPasses() {
        for (int i = 0; i < 20; i++) {
            measurements.record(FaultResult.BASELINE, Operation.PLACE, 0, 300_000_000L, null);
        }
        calls(SLOW_INVENTORY, Operation.PLACE, 20, 0, 1700);
        calls(SLOW_INVENTORY, Operation.BROWSE, 20, 0, 10);

        assertThat(judge(SLOW_INVENTORY, Optional.of(Duration.ofSeconds(11)), CLEAN).verdict()).isEqualTo(FaultResult.Verdict.PASS);
    }

    @Test
    void theReportTabulatesEachFaultBesideItsPromiseAndProof() {
        calls(KILL_ORDERS, Operation.BROWSE, 50, 0, 20);
        calls(KILL_ORDERS, Operation.STOCK, 50, 0, 20);
        FaultResult passed = judge(KILL_ORDERS, Optional.of(Duration.ofMillis(4200)), CLEAN);
        FaultResult database = FaultResult.notApplicable(fault("stop-postgres"), "not applicable: H2 is embedded");
        DrillReport report = new DrillReport(new DrillReport.Run(Instant.parse("2026-11-26T08:00:00Z"), Duration.ofSeconds(95),
                "H2 (embedded)", DrillOptions.of(true, null, null, null, false), 42, List.of(passed, database), CLEAN, Map.of(), Map.of()),
                measurements);

        assertThat(report.table()).contains("SIGKILL orders", "browse 50/0", "4.2 s", "PASS", "n/a",
                "PASS: 42 orders accepted, 0 lost, 0 charged wrongly, stock conserved");
        assertThat(report.markdown()).contains("# Failure modes", "| 1 | SIGKILL orders |", "`SagaIT.killingOrdersMidWayLosesNoOrder`",
                "**Measured.** not applicable: H2 is embedded.");
        assertThat(report.properties()).containsEntry("drill.verdict", "PASS").containsEntry("drill.lost", "0")
                .containsEntry("fault.kill-orders.verdict", "PASS").containsEntry("fault.kill-orders.during.browse.ok", "50")
                .containsEntry("fault.kill-orders.recoveryMillis", "4200");
    }

    @Test
    void lostOrdersFailTheDrillAndAreCountedByThePhaseTheyWerePlacedIn() {
        SagaChecks.Result last = new SagaChecks.Result(0, Map.of("o-1", "PENDING", "o-2", "PENDING"), Map.of(), Map.of());
        DrillReport report = new DrillReport(new DrillReport.Run(Instant.parse("2026-11-26T08:00:00Z"), Duration.ofSeconds(95),
                "H2 (embedded)", DrillOptions.of(true, null, null, null, false), 42, List.of(), last, Map.of(),
                Map.of("kill-orders (recovery)", 2L)), measurements);

        assertThat(report.table()).contains("FAIL: 42 orders accepted, 2 lost (placed during kill-orders (recovery): 2)");
        assertThat(report.properties()).containsEntry("drill.verdict", "FAIL").containsEntry("drill.lost", "2");
    }
}
