package dev.mosaic.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mosaic.drill.Measurements;

class SagaBenchReportTest {

    private static final List<String> PROCESSES = List.of("orders", "gateway");

    private static LevelResult level(int rate, long placed, double confirmP99, int unfinished) {
        return new LevelResult(rate, Duration.ofSeconds(10), rate * 10L, placed, placed, 0,
                new LevelResult.Latency(8, 20, placed), new LevelResult.Latency(60, confirmP99, placed),
                new LevelResult.Latency(40, confirmP99 - 20, placed), Map.of(),
                Map.of("orders", 1.25, "gateway", 0.5, SagaBench.SELF, 0.3), Map.of("orders", new LevelResult.Threads(0.75, 0.4, 0.2), "gateway", new LevelResult.Threads(0.1, 0, 0)),
                Map.of("orders", 350L, "gateway", 200L),
                0, 0, unfinished, 0, 2.5, Map.of("orders", 42L));
    }

    @Test
    void theHighestSustainedRateKeepsP99UnderTheTargetAndLeavesNothingUnfinished() {
        List<LevelResult> results = List.of(level(25, 250, 90, 0), level(50, 500, 240, 0), level(100, 1000, 400, 0),
                level(200, 2000, 100, 3));
        assertThat(SagaBenchReport.highestSustained(results)).hasValue(50);
        assertThat(SagaBenchReport.verdict(results)).contains("Highest rate sustained: 50 orders/s");
    }

    @Test
    void aRateWhoseOrdersWereNotPlacedIsNotSustained() {
        // 25 orders/s offered for 10 s, only 200 accepted: the gateway shed a fifth of them.
        assertThat(SagaBenchReport.highestSustained(List.of(level(25, 200, 90, 0)))).isEmpty();
        assertThat(SagaBenchReport.verdict(List.of(level(25, 200, 90, 0)))).contains("No rate was sustained");
    }

    @Test
    void theTableHasOneRowPerLevelWithRatesLatenciesAndChecks() {
        String table = SagaBenchReport.table(List.of(level(25, 250, 90, 0), level(50, 500, 100, 2)));
        assertThat(table.lines()).hasSize(4);
        assertThat(table).contains("| 25 | 25.0 | 25.0 | 8.0 / 20.0 | 60.0 / 90.0 | 40.0 / 70.0 | 2.5 | none | 0 | ok |");
        assertThat(table).contains("| 50 | 50.0 | 50.0 |").contains("**FAIL**: 2 unfinished");
    }

    @Test
    void cpuPerOrderIsShownPerProcessWithTheStacksTotalAndTheLoadGenerators() {
        String table = SagaBenchReport.cpuTable(List.of(level(25, 250, 90, 0)), PROCESSES);
        assertThat(table).startsWith("| offered/s | orders | gateway | stack | of which JIT compiling | bench (load generator) |");
        assertThat(table).contains("| 25 | 1.25 | 0.50 | 1.75 | 0.85 | 0.30 |");
    }

    @Test
    void theConsumerAndRelayThreadsAreShownForTheProcessesThatHaveThem() {
        String table = SagaBenchReport.threadTable(List.of(level(25, 250, 90, 0)), PROCESSES);
        assertThat(table).startsWith("| offered/s | orders consumer / relay | consumers and relays |");
        assertThat(table).contains("| 25 | 0.40 / 0.20 | 0.60 |").doesNotContain("gateway");
        assertThat(SagaBenchReport.section(new SagaBenchReport.Header("today", "abc1234", 2, "cpu", "jdk", "H2",
                "./mosaic bench saga", "1 1 1"), List.of(level(25, 250, 90, 0)), PROCESSES)).contains(table);
    }

    @Test
    void memoryShowsEveryProcessAndAnUnknownLag() {
        LevelResult r = level(25, 250, 90, 0);
        LevelResult unknownLag = new LevelResult(r.rate(), r.measured(), r.offered(), r.placed(), r.confirmed(), 0, r.place(),
                r.confirmClient(), r.confirmServer(), Map.of("503", 2L), r.cpuMsPerOrder(), r.threadMsPerOrder(), r.rssMib(), -1, 0, 0, 0, 1,
                Map.of());
        assertThat(SagaBenchReport.memoryTable(List.of(unknownLag), PROCESSES)).contains("| 25 | 350 | 200 | n/a | n/a |");
        assertThat(SagaBenchReport.table(List.of(unknownLag))).contains("| 503×2 |");
    }

    @Test
    void memoryShowsTheDatabaseFilesOfAStackOnH2AndNoColumnForThemOnPostgres() {
        String onH2 = SagaBenchReport.memoryTable(List.of(level(25, 250, 90, 0)), PROCESSES);
        assertThat(onH2).contains("| offered/s | orders MiB | gateway MiB | bench MiB | orders database MiB | consumer lag |")
                .contains("| 25 | 350 | 200 | n/a | 42 | 0 |");
        LevelResult r = level(25, 250, 90, 0);
        LevelResult onPostgres = new LevelResult(r.rate(), r.measured(), r.offered(), r.placed(), r.confirmed(), 0, r.place(),
                r.confirmClient(), r.confirmServer(), r.errors(), r.cpuMsPerOrder(), r.threadMsPerOrder(), r.rssMib(), 0, 0, 0, 0, 1,
                Map.of());
        assertThat(SagaBenchReport.memoryTable(List.of(onPostgres), PROCESSES)).doesNotContain("database");
    }

    @Test
    void theSectionReplacesItsOldSelfAndKeepsTheTextAround() {
        String doc = "# Performance\n\nintro\n\n" + SagaBenchReport.BEGIN + "\nold numbers\n" + SagaBenchReport.END
                + "\n\nhand-written reading\n";
        String updated = SagaBenchReport.replaceSection(doc, "## Saga throughput\n\nnew numbers\n");
        assertThat(updated).isEqualTo("# Performance\n\nintro\n\n" + SagaBenchReport.BEGIN
                + "\n## Saga throughput\n\nnew numbers\n" + SagaBenchReport.END + "\n\nhand-written reading\n");
        assertThat(SagaBenchReport.replaceSection(updated, "## Saga throughput\n\nnew numbers\n")).isEqualTo(updated);
    }

    @Test
    void aDocWithoutTheSectionGetsItAppended() {
        assertThat(SagaBenchReport.replaceSection("# Performance\n\ngateway\n", "S\n"))
                .isEqualTo("# Performance\n\ngateway\n\n" + SagaBenchReport.BEGIN + "\nS\n" + SagaBenchReport.END + "\n");
    }

    @Test
    void percentilesComeFromTheDrillsHistograms() {
        Measurements.Stats stats = new Measurements.Stats();
        for (int ms = 1; ms <= 100; ms++) {
            stats.record(ms * 1000L, null);
        }
        assertThat(stats.percentileMillis(50)).isBetween(49.5, 50.5);
        assertThat(stats.percentileMillis(99)).isBetween(98.5, 99.5);
    }
}
