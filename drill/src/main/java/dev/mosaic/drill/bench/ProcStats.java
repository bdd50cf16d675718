package dev.mosaic.drill.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** CPU time and resident memory of a process, as Linux reports them in /proc/&lt;pid&gt;/stat and status. */
public final class ProcStats {

    /**
     * CPU time (user + system) in clock ticks, resident memory in KiB, and the parts of the CPU time some threads
     * spent ({@link Threads}).
     */
    public record Sample(long cpuTicks, long rssKib, Threads threads) {

        /** The JIT compiler threads' ticks. */
        public long jitTicks() {
            return threads.jit();
        }
    }

    /**
     * CPU ticks of the threads a benchmark tells apart, by their names: the JIT compilers (HotSpot's "C1
     * CompilerThread" and "C2 CompilerThread": a cold JVM compiles for minutes, and that cost is the JVM's warming up,
     * not the work it was given), a service's Kafka event consumer ({@code events-consumer}) and its outbox relay
     * ({@code outbox-relay}). What is left is request threads, gRPC, the garbage collector and the rest.
     */
    public record Threads(long jit, long consumer, long relay) {
    }

    /** The name of the platform's event consumer thread (ConsumerRunner), as the kernel reports it. */
    static final String CONSUMER_THREAD = "events-consumer";
    /** The name of the platform's outbox relay thread (OutboxRelay). */
    static final String RELAY_THREAD = "outbox-relay";

    /** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux the shop runs on. */
    public static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** The process's sample now; empty when it is gone (or this is not Linux). */
    public static Optional<Sample> of(long pid) {
        try {
            Path dir = Path.of("/proc", Long.toString(pid));
            return Optional.of(new Sample(cpuTicks(Files.readString(dir.resolve("stat"))),
                    rssKib(Files.readString(dir.resolve("status"))), threadTicks(dir.resolve("task"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * utime + stime (fields 14 and 15) of a /proc/&lt;pid&gt;/stat line. The command name (field 2) is in parentheses
     * and may itself hold spaces and parentheses, so the fields are counted after the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The CPU ticks of a process's threads told apart, from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat. */
    private static Threads threadTicks(Path tasks) throws IOException {
        long jit = 0;
        long consumer = 0;
        long relay = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    if (isJitCompiler(stat)) {
                        jit += cpuTicks(stat);
                    } else if (isNamed(stat, CONSUMER_THREAD)) {
                        consumer += cpuTicks(stat);
                    } else if (isNamed(stat, RELAY_THREAD)) {
                        relay += cpuTicks(stat);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading: its time is no longer the process's to split
                }
            }
        }
        return new Threads(jit, consumer, relay);
    }

    /** Whether a thread's /proc stat line names it {@code name} (at most 15 characters, as the kernel keeps them). */
    static boolean isNamed(String stat, String name) {
        int open = stat.indexOf('(');
        return open >= 0 && stat.startsWith(name + ") ", open + 1);
    }

    /** Whether a thread's /proc stat line names one of HotSpot's compiler threads (the kernel cuts names to 15). */
    static boolean isJitCompiler(String stat) {
        int open = stat.indexOf('(');
        return open >= 0 && stat.startsWith("CompilerThre", open + 4)
                && (stat.startsWith("C1 ", open + 1) || stat.startsWith("C2 ", open + 1));
    }

    /** VmRSS of /proc/&lt;pid&gt;/status in KiB (0 when absent: a zombie has none). */
    static long rssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    static double millis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}
