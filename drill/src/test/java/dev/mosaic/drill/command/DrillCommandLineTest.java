package dev.mosaic.drill.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.mosaic.devstack.testing.CapturedMosaic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/**
 * The whole {@code ./mosaic} command line as it runs from this module's class path (the orchestrator's commands and
 * those {@link DrillCommands} adds through META-INF/services): the drill's and the saga benchmark's options as the
 * scripts, the docs and CI write them, parsed through picocli without running anything.
 */
class DrillCommandLineTest {

    private final CapturedMosaic mosaic = new CapturedMosaic();

    @Test
    void helpListsTheDrillAfterTheOrchestratorsCommandsAndNotBenchSaga() {
        assertThat(mosaic.run("help")).isZero();
        assertThat(mosaic.out()).containsPattern("\\n  bench +benchmarks of bench/.*\\n  drill +failure drill.*\\n")
                .doesNotContain("bench-saga");
    }

    @Test
    void helpOfBenchNamesTheSagaBenchmark() {
        assertThat(mosaic.run("help", "bench")).isZero();
        assertThat(mosaic.out()).contains("Usage: ./mosaic bench <name> [options]")
                .containsPattern("\\n  gateway +the gateway.*\\n  saga +orders per second through the saga at fixed"
                        + " arrival rates, on a stack of its own\\n  startup +time to first answer");
    }

    @Test
    void helpOfTheDrillShowsItsOptions() {
        assertThat(mosaic.run("drill", "--help")).isZero();
        assertThat(mosaic.out()).contains("Usage: ./mosaic drill", "--short", "--duration=SECONDS", "--write-doc",
                "docs/failure-modes.md", "Exit status:");
        assertThat(mosaic.run("bench-saga", "--help")).isZero();
        assertThat(mosaic.out()).contains("Usage: ./mosaic bench-saga", "--levels=LIST", "--no-write", "Exit status:");
    }

    @Test
    void drillTakesItsFaultsDurationCustomersAndWriteDoc() {
        ParseResult drill = mosaic.parse("drill", "--short", "--faults", "restart-kafka,kill-catalog", "--duration", "3",
                "--customers", "2", "--write-doc");
        assertThat(drill.matchedOptionValue("--short", false)).isTrue();
        assertThat(drill.matchedOptionValue("--faults", List.of())).isEqualTo(List.of("restart-kafka", "kill-catalog"));
        assertThat(drill.matchedOptionValue("--duration", 0)).isEqualTo(3);
        assertThat(drill.matchedOptionValue("--customers", 0)).isEqualTo(2);
        assertThat(drill.matchedOptionValue("--write-doc", false)).isTrue();
    }

    @Test
    void drillRefusesAnUnknownFaultOrAnOutOfRangeNumberBeforeStartingAnything() {
        assertThat(mosaic.run("drill", "--faults", "kill-everything")).isEqualTo(2);
        assertThat(mosaic.err()).contains("no fault named 'kill-everything'", "kill-orders");
        assertThat(mosaic.run("drill", "--duration", "0")).isEqualTo(2);
        assertThat(mosaic.err()).contains("--duration needs a number from 1 to 600");
        assertThat(mosaic.run("drill", "--customers")).isEqualTo(2);
        assertThat(mosaic.err()).contains("Missing required parameter for option '--customers'");
    }

    @Test
    void benchSagaTakesWhatBenchReadmeShows() {
        ParseResult saga = mosaic.parse("bench-saga", "--levels", "20,40", "--duration", "20", "--warmup", "20", "--no-write");
        assertThat(saga.matchedOptionValue("--levels", "")).isEqualTo("20,40");
        assertThat(saga.matchedOptionValue("--duration", 0)).isEqualTo(20);
        assertThat(saga.matchedOptionValue("--warmup", 0)).isEqualTo(20);
        assertThat(saga.matchedOptionValue("--no-write", false)).isTrue();
        ParseResult polling = mosaic.parse("bench-saga", "--poll", "--poll-ms", "20", "--customers", "50");
        assertThat(polling.matchedOptionValue("--poll", false)).isTrue();
        assertThat(polling.matchedOptionValue("--poll-ms", 0)).isEqualTo(20);
        assertThat(polling.matchedOptionValue("--customers", 0)).isEqualTo(50);
    }

    @Test
    void benchSagaRefusesWrongLevelsBeforeStartingAnything() {
        assertThat(mosaic.run("bench-saga", "--levels", "10,10")).isEqualTo(2);
        assertThat(mosaic.err()).contains("--levels names a rate twice");
        assertThat(mosaic.run("bench-saga", "--duration")).isEqualTo(2);
        assertThat(mosaic.err()).contains("Missing required parameter for option '--duration'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"drill", "bench-saga"})
    void anUnknownOptionIsAUsageErrorThatNamesItAndShowsTheCommandsUsage(String command) {
        assertThat(mosaic.run(command, "--bogus")).isEqualTo(2);
        assertThat(mosaic.err()).startsWith("mosaic: " + command + " does not know '--bogus'")
                .contains("Usage: ./mosaic " + command);
    }
}
