package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.mosaic.devstack.command.CommandContext;
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
        return Mosaic.run(new CommandContext(() -> new Stack(repo, env, "", ServiceSpec.ALL),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static final String ALL_NAMES = String.join(", ", ServiceSpec.ALL.stream().map(ServiceSpec::name).toList());

    @Test
    void helpListsEveryCommandWithOneLineTheProcessesAndTheEnvironment() {
        assertThat(mosaic("help")).isZero();
        assertThat(out()).contains("Usage: ./mosaic <command> [options]", "MOSAIC_PORT_OFFSET", ALL_NAMES)
                .containsPattern("\\n  up +start Kafka, every service and the gateway")
                .containsPattern("\\n  kill +kill one process with SIGKILL")
                .containsPattern("\\n  bench +benchmarks of bench/");
        for (String command : java.util.List.of("up", "down", "status", "logs", "kill", "start", "test", "token")) {
            assertThat(out()).containsPattern("\\n  " + command + " +\\S");
        }
    }

    @Test
    void helpOfOneCommandShowsItsOptions() {
        assertThat(mosaic("up", "--help")).isZero();
        assertThat(out()).contains("Usage: ./mosaic up", "--detach");
        out.reset();
        assertThat(mosaic("help", "logs")).isZero();
        assertThat(out()).contains("Usage: ./mosaic logs", "--order=<id>", "--no-follow", "--lines=N");
    }

    @Test
    void unknownCommandPrintsUsageAndExitsWithTwo() {
        assertThat(mosaic("upp")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'upp'", "Did you mean", "up", "Usage: ./mosaic");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTwo() {
        assertThat(mosaic()).isEqualTo(2);
        assertThat(err()).contains("Usage: ./mosaic");
    }

    @Test
    void unknownOptionIsAUsageErrorWithTheCommandsUsage() {
        assertThat(mosaic("up", "--detached")).isEqualTo(2);
        assertThat(err()).contains("mosaic: up does not know '--detached'", "--detach", "Usage: ./mosaic up [-dh]",
                "--help shows its options");
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

    private static final String ORDER = "0b4f1c52-3c1e-4b7e-9d55-6c4e0a1f2b3c";

    private void log(String process, String... lines) throws IOException {
        Path dir = repo.resolve("home").resolve("logs");
        Files.createDirectories(dir);
        Files.write(dir.resolve(process + ".log"), java.util.List.of(lines), StandardCharsets.UTF_8);
    }

    @Test
    void logsForOneOrderPrintsItsLinesFromEveryProcessInTimeOrderThenExits() throws IOException {
        log("gateway",
                "{\"timestamp\":\"2026-11-26T08:00:00.100Z\",\"level\":\"INFO\",\"message\":\"POST /api/orders 202 40 ms\","
                        + "\"requestId\":\"r-1\",\"subject\":\"" + ORDER + "\"}",
                "{\"timestamp\":\"2026-11-26T08:00:00.050Z\",\"level\":\"INFO\",\"message\":\"GET /api/products 200\"}");
        log("orders",
                "{\"timestamp\":\"2026-11-26T08:00:00.090Z\",\"message\":\"Order placed\",\"nested\":{\"subject\":\"x\"},"
                        + "\"subject\":\"" + ORDER + "\"}",
                "{\"timestamp\":\"2026-11-26T08:00:00.300Z\",\"message\":\"Order 11111111-other AWAITING_PAYMENT\","
                        + "\"subject\":\"11111111-other\"}",
                "not json but about " + ORDER,
                "{\"timestamp\":\"2026-11-26T08:00:00.400Z\",\"message\":\"Order " + ORDER + " AWAITING_PAYMENT -> CONFIRMED\"}");
        log("payments",
                "{\"timestamp\":\"2026-11-26T08:00:00.200Z\",\"message\":\"Handled payment command\",\"subject\":\"" + ORDER + "\"}",
                // Finer precision than the gateway's line of the same millisecond: still after it.
                "{\"timestamp\":\"2026-11-26T08:00:00.100500Z\",\"message\":\"Authorizing\",\"subject\":\"" + ORDER + "\"}");

        assertThat(mosaic("logs", "--order", ORDER)).isZero();

        assertThat(out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("orders").contains("Order placed"),
                l -> assertThat(l).startsWith("gateway").contains("POST /api/orders 202"),
                l -> assertThat(l).startsWith("payments").contains("Authorizing"),
                l -> assertThat(l).startsWith("payments").contains("Handled payment command"),
                l -> assertThat(l).startsWith("orders").contains("-> CONFIRMED"));
    }

    @Test
    void logsForOneOrderCanBeNarrowedToOneProcess() throws IOException {
        log("orders", "{\"timestamp\":\"2026-11-26T08:00:00.090Z\",\"message\":\"m\",\"subject\":\"" + ORDER + "\"}");
        log("payments", "{\"timestamp\":\"2026-11-26T08:00:00.200Z\",\"message\":\"m\",\"subject\":\"" + ORDER + "\"}");

        assertThat(mosaic("logs", "--order", ORDER, "payments")).isZero();

        assertThat(out().lines().toList()).singleElement().asString().startsWith("payments");
    }

    @Test
    void logsForAnOrderNobodyLoggedSaysSoAndFails() throws IOException {
        log("orders", "{\"timestamp\":\"2026-11-26T08:00:00.090Z\",\"message\":\"m\",\"subject\":\"other\"}");

        assertThat(mosaic("logs", "--order", ORDER)).isEqualTo(1);
        assertThat(err()).contains("no log line", ORDER);
        assertThat(mosaic("logs", "--order")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter for option '--order' (<id>)");
        assertThat(mosaic("logs", "--order", " ")).isEqualTo(2);
        assertThat(err()).contains("--order needs an order id");
    }
}
