package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mosaic.platform.dev.FreePort;

class ProcessControlTest {

    @TempDir
    Path home;

    private final List<Process> spawned = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        spawned.forEach(Process::destroyForcibly);
    }

    @Test
    void processWithoutPidFileIsNotRunning() {
        assertThat(new ProcessControl(home).pid("catalog")).isEmpty();
    }

    @Test
    void pidFileOfAProcessThatExitedIsStale() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writePid("catalog", gone.pid());
        assertThat(new ProcessControl(home).isRunning("catalog")).isFalse();
    }

    @Test
    void pidFileWhosePidNowBelongsToAnotherProgramIsStale() throws IOException {
        // This test JVM is alive, but it is not catalog of this stack: a reused pid.
        writePid("catalog", ProcessHandle.current().pid());
        assertThat(new ProcessControl(home).isRunning("catalog")).isFalse();
    }

    @Test
    void processOfTheSameNameInAnotherStackIsNotOurs() throws Exception {
        ProcessControl ours = new ProcessControl(home);
        ProcessControl other = new ProcessControl(home.resolve("other"));
        Process process = other.start("catalog", fakeService("catalog", home.resolve("other")), home.resolve("w"), 0);
        spawned.add(process);
        writePid("catalog", process.pid());
        assertThat(other.isRunning("catalog")).isTrue();
        assertThat(ours.isRunning("catalog")).isFalse();
    }

    @Test
    void startedProcessRunsInItsOwnSessionWithItsOutputInItsLog() throws Exception {
        ProcessControl control = new ProcessControl(home);
        Process process = control.start("catalog", fakeService("catalog", home), home.resolve("data"), 1234);
        spawned.add(process);

        assertThat(control.pid("catalog")).hasValue(process.pid());
        assertThat(control.port("catalog")).hasValue(1234);
        awaitLogContains(control.logFile("catalog"), "fake catalog: listening");
        assertThat(Files.readString(control.logFile("catalog"))).contains("---- mosaic: ", "starting catalog");
        if (Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isDirectory(Path.of("/proc"))) {
            // Field 6 of /proc/<pid>/stat is the session id: a session leader's is its own pid.
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(fields[3]).isEqualTo(Long.toString(process.pid()));
        }
    }

    @Test
    void aProcessGivenAnEnvironmentGetsExactlyThatOneAndNothingInherited() throws Exception {
        ProcessControl control = new ProcessControl(home);
        Process process = control.start("env", List.of("/usr/bin/env"), home.resolve("env"), 0, Map.of("ONLY", "this"));
        spawned.add(process);
        assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("env exited").isTrue();
        awaitLogContains(control.logFile("env"), "ONLY=this");
        assertThat(Files.readString(control.logFile("env"))).doesNotContain("PATH=", "HOME=");
    }

    @Test
    void sigtermStopsAProcessGracefullyAndForgetsItsPid() throws Exception {
        ProcessControl control = new ProcessControl(home);
        Process process = control.start("catalog", fakeService("catalog", home), home.resolve("data"), 0);
        spawned.add(process);
        awaitLogContains(control.logFile("catalog"), "listening");

        boolean graceful = control.stop("catalog", process.pid(), Duration.ofSeconds(10));

        assertThat(graceful).isTrue();
        assertThat(process.waitFor()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        assertThat(Files.readString(control.logFile("catalog"))).contains("fake catalog: stopping");
        assertThat(control.isRunning("catalog")).isFalse();
        assertThat(Files.exists(home.resolve("run/catalog.pid"))).isFalse();
    }

    @Test
    void processThatIgnoresSigtermIsKilledAfterTheDeadline() throws Exception {
        ProcessControl control = new ProcessControl(home);
        List<String> stubborn = List.of("bash", "-c", "trap '' TERM; echo SIGTERM-$((40 + 2)); while :; do sleep 0.1; done",
                ProcessControl.processMarker("catalog"), ProcessControl.homeMarker(home));
        Process process = control.start("catalog", stubborn, home.resolve("data"), 0);
        spawned.add(process);
        // The log's header line holds the script text; only the output holds the computed 42.
        awaitLogContains(control.logFile("catalog"), "SIGTERM-42");
        assertThat(control.isRunning("catalog")).isTrue();

        boolean graceful = control.stop("catalog", process.pid(), Duration.ofMillis(500));

        assertThat(graceful).isFalse();
        assertThat(process.waitFor()).isEqualTo(137); // 128 + SIGKILL
    }

    @Test
    void killSendsSigkill() throws Exception {
        ProcessControl control = new ProcessControl(home);
        Process process = control.start("catalog", fakeService("catalog", home), home.resolve("data"), 0);
        spawned.add(process);

        assertThat(control.kill("catalog")).hasValue(process.pid());

        assertThat(process.waitFor()).isEqualTo(137);
        assertThat(Files.readString(control.logFile("catalog"))).doesNotContain("stopping");
        assertThat(control.kill("catalog")).isEmpty();
    }

    @Test
    void findAllFindsThisStacksProcessesEvenWithoutPidFiles() throws Exception {
        ProcessControl control = new ProcessControl(home);
        Process process = control.start("catalog", fakeService("catalog", home), home.resolve("data"), 0);
        spawned.add(process);
        control.forget("catalog");

        assertThat(control.findAll()).containsEntry("catalog", process.pid()).hasSize(1);
    }

    private void writePid(String name, long pid) throws IOException {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run").resolve(name + ".pid"), pid + "\n");
    }

    private static List<String> fakeService(String name, Path home) throws IOException {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ProcessControl.processMarker(name), ProcessControl.homeMarker(home),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dserver.port=" + FreePort.onLoopback(),
                "-cp", System.getProperty("java.class.path"), FakeService.class.getName());
    }

    private static void awaitLogContains(Path log, String text) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            assertThat(System.nanoTime() - deadline).as("'%s' in %s within 20 s", text, log).isNegative();
            ProcessControl.pause(Duration.ofMillis(50));
        }
    }
}
