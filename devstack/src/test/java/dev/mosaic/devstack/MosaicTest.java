package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command dispatch and the answers that need no running stack. */
class MosaicTest {

    @TempDir
    Path repo;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mosaic(String... args) {
        env.putIfAbsent("MOSAIC_HOME", repo.resolve("home").toString());
        env.putIfAbsent("MOSAIC_PORT_OFFSET", "22000");
        return new Mosaic(() -> new Stack(repo, env, "", ServiceSpec.ALL),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static final String ALL_NAMES = String.join(", ", ServiceSpec.ALL.stream().map(ServiceSpec::name).toList());

    @Test
    void helpPrintsUsage() {
        assertThat(mosaic("help")).isZero();
        assertThat(out()).contains("Usage: ./mosaic <command>", "up [--detach]", "kill <name>", "MOSAIC_PORT_OFFSET",
                ALL_NAMES);
    }

    @Test
    void helpDescribesTheDrill() {
        assertThat(mosaic("help")).isZero();
        assertThat(out()).contains("drill [--short] [--duration SECONDS]", "--write-doc", "docs/failure-modes.md");
    }

    @Test
    void drillWithAnUnknownOptionOrFaultIsAUsageError() {
        assertThat(mosaic("drill", "--fast")).isEqualTo(2);
        assertThat(err()).contains("drill does not know '--fast'");
        assertThat(mosaic("drill", "--faults", "kill-everything")).isEqualTo(2);
        assertThat(err()).contains("no fault named 'kill-everything'", "kill-orders");
    }

    @Test
    void unknownCommandPrintsUsageAndExitsWithTwo() {
        assertThat(mosaic("upp")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'upp'", "Usage: ./mosaic");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTwo() {
        assertThat(mosaic()).isEqualTo(2);
        assertThat(err()).contains("Usage: ./mosaic");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(mosaic("up", "--detached")).isEqualTo(2);
        assertThat(err()).contains("up does not know '--detached'");
    }

    @Test
    void unknownProcessNamesTheKnownOnes() {
        assertThat(mosaic("kill", "orderz")).isEqualTo(2);
        assertThat(err()).contains("no process named 'orderz'", ALL_NAMES);
    }

    @Test
    void killingWhatIsNotRunningSaysSo() {
        assertThat(mosaic("kill", "catalog")).isEqualTo(1);
        assertThat(err()).contains("catalog is not running");
    }

    @Test
    void statusOfAStoppedStackListsEveryProcessAsNotRunningAndExitsWithThree() {
        assertThat(mosaic("status")).isEqualTo(3);
        assertThat(out()).contains("NAME", "PID", "PORT", "HEALTH")
                .containsPattern("kafka +- +31092 +not running")
                .containsPattern("catalog +- +30081 +not running")
                .containsPattern("gateway +- +30080 +not running");
    }

    @Test
    void downWithNothingRunningIsFine() {
        assertThat(mosaic("down")).isZero();
        assertThat(out()).contains("Nothing is running");
    }

    @Test
    void upRefusesToStartWhatIsNotBuiltAndSaysHowToBuildIt() {
        assertThat(mosaic("up", "--detach")).isEqualTo(1);
        assertThat(err()).contains("catalog is not built", "catalog-service.jar is missing", "./mvnw -B -DskipTests package");
        assertThat(out()).doesNotContain("starting");
    }

    @Test
    void badEnvironmentIsReportedWithTheVariableName() {
        env.put("MOSAIC_DB", "mongo");
        assertThat(mosaic("status")).isEqualTo(2);
        assertThat(err()).contains("MOSAIC_DB must be 'h2' (the default) or 'postgres'");
    }

    @Test
    void helpWorksEvenWithABadEnvironment() {
        env.put("MOSAIC_PORT_OFFSET", "x");
        assertThat(mosaic("help")).isZero();
    }

    @Test
    void logsWithoutAnyLogSaySo() {
        assertThat(mosaic("logs", "--no-follow")).isEqualTo(1);
        assertThat(err()).contains("no logs yet");
    }
}
