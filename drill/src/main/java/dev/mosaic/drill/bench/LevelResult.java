package dev.mosaic.drill.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What one arrival rate did during its measured window.
 *
 * @param rate          offered orders per second
 * @param measured      length of the measured window
 * @param offered       orders sent in the window
 * @param placed        of those, accepted (202), at once or when sent again with the same key
 * @param confirmed     orders seen CONFIRMED during the window (throughput, whenever they were placed)
 * @param cancelled     orders of the window that ended CANCELLED
 * @param place         POST latency, from the moment the order was due (an open loop's clock)
 * @param confirmClient from the moment the order was due until the client saw it CONFIRMED
 * @param confirmServer createdAt → updatedAt of confirmed orders, as orders stamped them
 * @param errors        answers to the window's POST /api/orders other than 202 (resends included), by kind
 * @param cpuMsPerOrder CPU ms per placed order of each process (the stack's and {@code bench}, the load generator)
 * @param threadMsPerOrder the parts of it some threads of each process spent (JIT compilers, event consumer, relay)
 * @param rssMib        resident memory of each process at the end of the window
 * @param lag           records not yet consumed, summed over the services' consumers, at the end (-1: unknown)
 * @param unknown       placements that never got a clear answer, even when sent again
 * @param unfinished    accepted orders not CONFIRMED/CANCELLED when the checks gave up
 * @param problems      conservation problems (charges, stock) the checks found
 * @param pollsPerOrder status reads per placed order the client made to see them end
 * @param databaseMib   size of each service's embedded H2 database file at the end of the window (none on PostgreSQL)
 */
public record LevelResult(int rate, Duration measured, long offered, long placed, long confirmed, long cancelled,
                          Latency place, Latency confirmClient, Latency confirmServer, Map<String, Long> errors,
                          Map<String, Double> cpuMsPerOrder, Map<String, Threads> threadMsPerOrder,
                          Map<String, Long> rssMib, long lag, long unknown,
                          int unfinished, int problems, double pollsPerOrder, Map<String, Long> databaseMib) {

    /** CPU ms per placed order of a process's JIT compiler threads, its event consumer and its outbox relay. */
    public record Threads(double jit, double consumer, double relay) {

        public static final Threads NONE = new Threads(0, 0, 0);
    }

    /** The p50 and p99 of a latency, in milliseconds, and how many values they were read from. */
    public record Latency(double p50, double p99, long count) {
    }

    /** Every accepted order ended, every placement is known and stock and money are conserved. */
    public boolean clean() {
        return unknown == 0 && unfinished == 0 && problems == 0;
    }

    public double placedPerSecond() {
        return placed * 1e9 / measured.toNanos();
    }

    public double confirmedPerSecond() {
        return confirmed * 1e9 / measured.toNanos();
    }

    /**
     * The stack kept up: it accepted at least 95% of the offered rate, nothing is left unfinished or broken, and the
     * client saw 99% of confirmations within {@code maxP99Millis}.
     */
    public boolean sustained(double maxP99Millis) {
        return clean() && placed > 0 && confirmClient.count() > 0 && placedPerSecond() >= 0.95 * rate
                && confirmClient.p99() <= maxP99Millis;
    }
}
