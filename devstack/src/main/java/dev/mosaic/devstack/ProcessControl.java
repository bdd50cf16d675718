package dev.mosaic.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Starts, finds and stops the stack's processes. A process is recognised by two arguments on its command line,
 * {@code -Dmosaic.process=<name>} and {@code -Dmosaic.home=<home>}, so a pid file whose process is gone, or whose
 * pid now belongs to something else, is never mistaken for a running process.
 */
public final class ProcessControl {

    private static final Path PROC = Path.of("/proc");
    private static final String PROCESS_PROPERTY = "-Dmosaic.process=";
    /** Starts the line written to a log before each start of its process: where this run's output begins. */
    static final String RUN_HEADER = "---- mosaic: ";

    private final Path home;
    private final Path runDir;
    private final Path logDir;
    private final Optional<Path> setsid;

    public ProcessControl(Path home) {
        this.home = home.toAbsolutePath().normalize();
        this.runDir = this.home.resolve("run");
        this.logDir = this.home.resolve("logs");
        this.setsid = onPath("setsid");
    }

    public static String processMarker(String name) {
        return PROCESS_PROPERTY + name;
    }

    public static String homeMarker(Path home) {
        return "-Dmosaic.home=" + home.toAbsolutePath().normalize();
    }

    public Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    Path pidFile(String name) {
        return runDir.resolve(name + ".pid");
    }

    Path portFile(String name) {
        return runDir.resolve(name + ".port");
    }

    /** The pid of the named process if it runs; empty when there is no pid file or the pid file is stale. */
    public OptionalLong pid(String name) {
        OptionalLong pid = readLong(pidFile(name));
        return pid.isPresent() && isStackProcess(pid.getAsLong(), name) ? pid : OptionalLong.empty();
    }

    public boolean isRunning(String name) {
        return pid(name).isPresent();
    }

    /** The port a running process was started with (it may differ from the current MOSAIC_PORT_OFFSET). */
    public OptionalInt port(String name) {
        OptionalLong port = readLong(portFile(name));
        return port.isPresent() ? OptionalInt.of((int) port.getAsLong()) : OptionalInt.empty();
    }

    /** True when {@code pid} is alive and its command line carries this stack's markers for {@code name}. */
    public boolean isStackProcess(long pid, String name) {
        List<String> args = arguments(pid);
        return args.contains(processMarker(name)) && args.contains(homeMarker(home));
    }

    /** Every live process of this stack by name, pid file or not: the safety net of {@code down}. */
    public Map<String, Long> findAll() {
        Map<String, Long> found = new LinkedHashMap<>();
        String homeMarker = homeMarker(home);
        ProcessHandle.allProcesses().forEach(p -> {
            List<String> args = arguments(p.pid());
            if (args.contains(homeMarker)) {
                args.stream().filter(a -> a.startsWith(PROCESS_PROPERTY)).findFirst()
                        .ifPresent(a -> found.put(a.substring(PROCESS_PROPERTY.length()), p.pid()));
            }
        });
        return found;
    }

    /**
     * Starts a process in its own session (so a Ctrl-C in the terminal reaches only the orchestrator, which
     * then stops the children in order), output appended to {@code logs/<name>.log}, pid in {@code run/<name>.pid}.
     */
    public Process start(String name, List<String> command, Path workDir, int port) throws IOException {
        return start(name, command, workDir, port, null);
    }

    /**
     * As {@link #start(String, List, Path, int)}, with exactly {@code environment} as the process's environment
     * (nothing inherited) when it is not null: what a container gets from its manifest.
     */
    public synchronized Process start(String name, List<String> command, Path workDir, int port,
                                      Map<String, String> environment) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(runDir);
        Files.createDirectories(logDir);
        Path log = logFile(name);
        Files.writeString(log, RUN_HEADER + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> full = new ArrayList<>();
        setsid.ifPresent(s -> full.add(s.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        } else {
            // glibc gives each busy thread a malloc arena of its own (up to 8 per core), and a JVM has many threads:
            // two arenas keep the native memory of every process tens of MB smaller, at no measurable cost.
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        }
        Process process = builder
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(pidFile(name), process.pid() + System.lineSeparator());
        Files.writeString(portFile(name), port + System.lineSeparator());
        // Until the JVM's spawn helper has exec'd setsid, and setsid the command, /proc shows another command line
        // (the helper's without this stack's markers, setsid's with them, and nothing while an exec is under way);
        // wait (briefly) for the command itself, so that status, kill and down recognise the process at once.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (process.isAlive() && !runsCommand(process.pid(), name, command) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(10));
        }
        return process;
    }

    private boolean runsCommand(long pid, String name, List<String> command) {
        List<String> args = arguments(pid);
        return !args.isEmpty() && args.getFirst().equals(command.getFirst()) && isStackProcess(pid, name);
    }

    /** Sends SIGTERM; the process stops gracefully in its own time (see {@link #awaitExit}). */
    public void terminate(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    /** Sends SIGKILL and waits briefly until the process is gone. */
    public synchronized OptionalLong kill(String name) {
        OptionalLong pid = pid(name);
        if (pid.isPresent()) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
            awaitExit(name, pid.getAsLong(), Duration.ofSeconds(10));
            forget(name);
        }
        return pid;
    }

    /** Waits until {@code pid} is no longer the named process; false if the deadline passed first. */
    public boolean awaitExit(String name, long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isStackProcess(pid, name)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(Duration.ofMillis(50));
        }
        return true;
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL once {@code timeout} has passed (at once for a zero timeout), and
     * forgets its pid. True if it exited by itself.
     */
    public boolean stop(String name, long pid, Duration timeout) {
        boolean graceful = false;
        if (!timeout.isZero()) {
            terminate(pid);
            graceful = awaitExit(name, pid, timeout);
        }
        if (!graceful && isStackProcess(pid, name)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            awaitExit(name, pid, Duration.ofSeconds(10));
        }
        forget(name);
        return graceful;
    }

    /** Removes the pid and port files of a process that is gone. */
    public void forget(String name) {
        try {
            Files.deleteIfExists(pidFile(name));
            Files.deleteIfExists(portFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the pid file of " + name + " in " + runDir
                    + ": " + e.getMessage() + ". Remove it by hand.", e);
        }
    }

    /** The arguments a process was started with; empty if it is gone, a zombie, or not ours to read. */
    static List<String> arguments(long pid) {
        if (Files.isDirectory(PROC)) {
            try {
                byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
                return raw.length == 0 ? List.of()
                        : Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            } catch (IOException e) {
                return List.of(); // gone, or not ours to read
            }
        }
        // No /proc (macOS): the JDK knows the arguments of processes of the same user.
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(Arrays::asList).orElse(List.of());
    }

    private static OptionalLong readLong(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            // A half-written or garbled file says nothing about a process.
            return OptionalLong.empty();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Sleeps for {@code duration}; an interrupt ends the wait with an IllegalStateException. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
