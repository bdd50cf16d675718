package dev.mosaic.drill;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.HdrHistogram.Histogram;

/**
 * What the load saw, per phase (baseline, a fault, its recovery) and per operation: successes, failures by kind and
 * latencies; plus the moments each {@link Signal} was seen, to tell when a service worked again. Thread-safe.
 */
public final class Measurements {

    /** Longest latency a histogram holds, in microseconds; a request never waits longer than its timeout. */
    private static final long MAX_MICROS = 120_000_000L;

    /** Counts and latencies of one operation in one phase; latencies of successes and failures alike. */
    public static final class Stats {
        private final Histogram latency = new Histogram(MAX_MICROS, 2);
        private long ok;
        private long failed;
        private final Map<String, Long> failures = new TreeMap<>();

        public synchronized void record(long micros, String failure) {
            latency.recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
            if (failure == null) {
                ok++;
            } else {
                failed++;
                failures.merge(failure, 1L, Long::sum);
            }
        }

        public synchronized long ok() {
            return ok;
        }

        public synchronized long failed() {
            return failed;
        }

        public synchronized long count() {
            return ok + failed;
        }

        /** Failed share, 0 to 1 (0 when nothing was tried). */
        public synchronized double errorRate() {
            return ok + failed == 0 ? 0 : (double) failed / (ok + failed);
        }

        /** Latency at a percentile (0-100), in milliseconds. */
        public synchronized double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        /** How the failures went, e.g. {@code 503=12, timeout=1}. */
        public synchronized Map<String, Long> failures() {
            return Map.copyOf(failures);
        }
    }

    private final Map<String, Map<Operation, Stats>> phases = new LinkedHashMap<>();
    /** A signal seen at {@code at}, caused by something that began at {@code cause} (an order's acceptance). */
    private record Seen(long at, long cause) {
    }

    private final Map<Signal, ConcurrentLinkedQueue<Seen>> signals = new EnumMap<>(Signal.class);
    private volatile String phase = "baseline";

    public Measurements() {
        for (Signal signal : Signal.values()) {
            signals.put(signal, new ConcurrentLinkedQueue<>());
        }
    }

    /** From now on, results count towards {@code name}. */
    public void phase(String name) {
        this.phase = name;
    }

    public String phase() {
        return phase;
    }

    /**
     * One call, counted in the phase it began in: its operation, how long it took and, when it failed, a short kind
     * ({@code 503}, {@code timeout}).
     */
    public void record(String phaseName, Operation operation, long startNanos, long endNanos, String failure) {
        stats(phaseName, operation).record((endNanos - startNanos) / 1000, failure);
    }

    public void signal(Signal signal, long atNanos) {
        signal(signal, atNanos, atNanos);
    }

    /** A signal whose cause began earlier: an order confirmed now that was accepted at {@code causeNanos}. */
    public void signal(Signal signal, long atNanos, long causeNanos) {
        signals.get(signal).add(new Seen(atNanos, causeNanos));
    }

    /**
     * The first time {@code signal} was seen at or after {@code sinceNanos}, from a cause that began at or after
     * {@code causedSinceNanos}: an order accepted before payments was killed may be seen confirmed only later, and
     * says nothing about payments being back (System.nanoTime based).
     */
    public OptionalLong firstSignal(Signal signal, long sinceNanos, long causedSinceNanos) {
        return signals.get(signal).stream()
                .filter(s -> s.at() - sinceNanos >= 0 && s.cause() - causedSinceNanos >= 0)
                .mapToLong(Seen::at).min();
    }

    /** The stats of one operation in one phase (empty stats if it never ran there). */
    public Stats stats(String phaseName, Operation operation) {
        synchronized (phases) {
            return phases.computeIfAbsent(phaseName, p -> new EnumMap<>(Operation.class))
                    .computeIfAbsent(operation, o -> new Stats());
        }
    }

    /** Phase names in the order they began. */
    public List<String> phases() {
        synchronized (phases) {
            return new ArrayList<>(phases.keySet());
        }
    }
}
