package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.mosaic.devstack.MosaicRunner.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The orchestrator as users drive it, in its own process, with a real Kafka broker and {@link FakeService} jars
 * in place of the services and the gateway. Each test has its own MOSAIC_HOME and port offset.
 */
class MosaicOrchestrationIT {

    private static final Path BASE = Path.of("target", "orchestration-it").toAbsolutePath();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static Path repo;

    private Path home;
    private Path dir;
    private Map<String, String> env;
    private int offset;
    private int commands;

    @BeforeAll
    static void fakeRepository() throws IOException {
        deleteRecursively(BASE);
        repo = FakeRepo.create(BASE.resolve("repo"));
    }

    private void stack(TestInfo test, int portOffset, String... extraEnv) {
        dir = BASE.resolve(test.getTestMethod().orElseThrow().getName());
        home = dir.resolve("home");
        offset = portOffset;
        Map<String, String> extra = new HashMap<>(Map.of(
                "MOSAIC_HOME", home.toString(), "MOSAIC_PORT_OFFSET", Integer.toString(portOffset)));
        for (int i = 0; i < extraEnv.length; i += 2) {
            extra.put(extraEnv[i], extraEnv[i + 1]);
        }
        env = MosaicRunner.environment(extra);
    }

    private Result mosaic(String... args) {
        Path output = dir.resolve("out").resolve(++commands + "-" + String.join("-", args) + ".txt");
        return MosaicRunner.run(MosaicRunner.orchestrator(repo, args), env, output, COMMAND_TIMEOUT);
    }

    @AfterEach
    void leaveNothingRunning() {
        if (home != null) {
            mosaic("down");
            new ProcessControl(home).findAll().values()
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void detachedStackSurvivesAKilledServiceAndDownLeavesNothingBehind(TestInfo test) throws IOException {
        stack(test, 21000);
        String products = "http://127.0.0.1:" + (8080 + offset) + "/api/products";

        Result up = mosaic("up", "--detach");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).containsPattern("kafka +\\d+ +30092 +UP")
                .containsPattern("catalog +\\d+ +29081 +UP")
                .containsPattern("gateway +\\d+ +29080 +UP")
                .contains("Mosaic is up in");
        assertThat(MosaicRunner.get(products)).isEqualTo(200);

        Result kill = mosaic("kill", "catalog");
        assertThat(kill.exitCode()).as(kill.output()).isZero();
        assertThat(kill.output()).contains("killed catalog");
        awaitWithin(Duration.ofSeconds(3), "the gateway answers 503 without catalog", () -> MosaicRunner.get(products) == 503);

        Result degraded = mosaic("status");
        assertThat(degraded.exitCode()).isEqualTo(3);
        assertThat(degraded.output()).containsPattern("catalog +- +29081 +not running")
                .containsPattern("gateway +\\d+ +29080 +UP");

        Result start = mosaic("start", "catalog");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("catalog is ready");
        assertThat(MosaicRunner.get(products)).isEqualTo(200);

        Result status = mosaic("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("kafka +\\d+ +30092 +UP").containsPattern("catalog +\\d+ +29081 +UP");

        Result again = mosaic("up", "--detach");
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("already running").doesNotContain("starting");

        Result logs = mosaic("logs", "catalog", "--no-follow");
        assertThat(logs.exitCode()).isZero();
        assertThat(logs.output()).contains("catalog | fake catalog: listening on 29081")
                .contains("jdbc:h2:file:" + home.resolve("data/catalog/catalog") + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;CACHE_SIZE=2048")
                .contains("kafka 127.0.0.1:30092");

        // A pid file lost (or never written) does not let a process escape down.
        Files.delete(home.resolve("run/gateway.pid"));
        Result down = mosaic("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(down.output()).containsSubsequence("stopping gateway", "gateway stopped", "stopping catalog",
                "catalog stopped", "stopping kafka", "kafka stopped");
        assertThat(down.output().lines().filter(l -> l.startsWith("stopping"))).hasSize(ServiceSpec.ALL.size());
        assertThat(new ProcessControl(home).findAll()).as("processes of %s after down", home).isEmpty();
        try (Stream<Path> pidFiles = Files.list(home.resolve("run"))) {
            assertThat(pidFiles).isEmpty();
        }
        assertThat(mosaic("down").output()).contains("Nothing is running");
    }

    @Test
    void ctrlCInTheForegroundStopsTheGatewayThenTheServicesThenKafka(TestInfo test) throws Exception {
        Assumptions.assumeFalse(sigintIgnored(),
                "SIGINT is ignored by this JVM (started from a non-interactive background job), so Ctrl-C cannot be simulated");
        stack(test, 21100);
        Path output = dir.resolve("out/foreground.txt");
        // Own process group, like a shell job: Ctrl-C in a terminal signals the whole foreground group.
        boolean ownGroup = Files.isExecutable(Path.of("/usr/bin/setsid"));
        List<String> cmd = new ArrayList<>(ownGroup ? List.of("/usr/bin/setsid") : List.of());
        cmd.addAll(MosaicRunner.orchestrator(repo, "up"));
        Process up = MosaicRunner.start(cmd, env, output);

        awaitWithin(Duration.ofMinutes(2), "the foreground stack is ready",
                () -> MosaicRunner.read(output).contains("Streaming logs") || !up.isAlive());
        assertThat(up.isAlive()).as(MosaicRunner.read(output)).isTrue();
        assertThat(MosaicRunner.read(output)).contains("catalog | fake catalog: listening", "kafka | Kafka broker ready",
                "mosaic | gateway is ready");
        assertThat(MosaicRunner.get("http://127.0.0.1:" + (8080 + offset) + "/api/products")).isEqualTo(200);

        new ProcessBuilder("kill", "-INT", "--", (ownGroup ? "-" : "") + up.pid()).inheritIO().start().waitFor();

        awaitWithin(Duration.ofMinutes(1), "the orchestrator exits", () -> !up.isAlive());
        String log = MosaicRunner.read(output);
        assertThat(log).containsSubsequence("stopping gateway", "gateway stopped", "stopping catalog",
                "catalog stopped", "stopping kafka", "kafka stopped");
        // Each child stopped by itself on SIGTERM: none of them saw the Ctrl-C.
        assertThat(log).contains("gateway | fake gateway: stopping", "catalog | fake catalog: stopping")
                .doesNotContain("did not stop");
        assertThat(new ProcessControl(home).findAll()).isEmpty();
    }

    @Test
    void serviceThatCrashesAtStartFailsUpWithItsLogAndStopsWhatWasStarted(TestInfo test) throws IOException {
        stack(test, 21200);
        Files.createDirectories(home.resolve("data/catalog"));
        Files.writeString(home.resolve("data/catalog/fake-mode"), "crash");

        Result up = mosaic("up", "--detach");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.output()).contains("catalog exited before it became ready", "Last lines of",
                "fake catalog: cannot open the database (pretend), exiting");
        assertThat(up.output()).as("the gateway started beside Kafka, before the services, and both are stopped")
                .containsSubsequence("starting kafka", "starting gateway", "starting catalog", "gateway stopped",
                        "kafka stopped");
        assertThat(new ProcessControl(home).findAll()).isEmpty();
    }

    @Test
    void serviceThatNeverGetsReadyFailsStartAfterTheReadyTimeoutAndTheRestKeepsRunning(TestInfo test) throws IOException {
        stack(test, 21300);
        assertThat(mosaic("up", "--detach").exitCode()).isZero();
        assertThat(mosaic("kill", "catalog").exitCode()).isZero();
        Files.writeString(home.resolve("data/catalog/fake-mode"), "never-ready");
        env.put("MOSAIC_READY_TIMEOUT", "3");

        Result start = mosaic("start", "catalog");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.output()).contains("catalog did not become ready within 3 s",
                "/health/ready answered 503", "Last lines of", "fake catalog: listening", "MOSAIC_READY_TIMEOUT",
                "catalog stopped");
        assertThat(new ProcessControl(home).findAll()).doesNotContainKey("catalog").containsKeys("kafka", "gateway");
    }

    @Test
    void portHeldByAnotherProgramIsReportedBeforeAnythingStarts(TestInfo test) throws IOException {
        stack(test, 21400);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 8081 + offset));

            Result up = mosaic("up", "--detach");

            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.output()).contains("Cannot start catalog: port 29481 on 127.0.0.1 is in use",
                    "MOSAIC_PORT_OFFSET").doesNotContain("starting");
        }
    }

    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        String ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> l.substring("SigIgn:".length()).trim()).orElse("0");
        return (Long.parseUnsignedLong(ignored, 16) & (1L << (2 - 1))) != 0;
    }

    private static void awaitWithin(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + timeout.toMillis() + " ms: " + what);
            }
            ProcessControl.pause(Duration.ofMillis(100));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
