package dev.mosaic.drill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How {@code ./mosaic bench saga} runs: the arrival rates, how long each is measured after its warm-up, how many
 * customers share the load, how often an open order is polled, and whether docs/performance.md is rewritten.
 *
 * @param levels    arrival rates in orders per second, in the order they run
 * @param duration  measured time of each level
 * @param warmup    load at the level's rate before its measurement starts (not measured)
 * @param customers distinct customers the orders come from (the gateway limits each to 50 requests a second)
 * @param pollEvery pause between two reads of an open order's status when it polls
 * @param poll      follow orders by polling instead of waiting for each change ({@code If-None-Match} and
 *                  {@code Prefer: wait})
 * @param write     write the section of docs/performance.md
 */
public record SagaBenchOptions(List<Integer> levels, Duration duration, Duration warmup, int customers,
                               Duration pollEvery, boolean poll, boolean write) {

    /**
     * The benchmark as chosen on the command line (times in seconds and milliseconds); throws
     * IllegalArgumentException saying which value is out of its range.
     *
     * @param levels {@code 25,50,100} (commas or spaces), see {@link #levels(String)}
     */
    public static SagaBenchOptions of(String levels, int duration, int warmup, int customers, int pollMillis,
                                      boolean poll, boolean write) {
        return new SagaBenchOptions(levels(levels), Duration.ofSeconds(within(duration, "--duration", 1, 3600)),
                Duration.ofSeconds(within(warmup, "--warmup", 0, 3600)), within(customers, "--customers", 1, 10_000),
                Duration.ofMillis(within(pollMillis, "--poll-ms", 5, 5000)), poll, write);
    }

    /** {@code 25,50,100} (commas or spaces): positive, distinct orders-per-second rates, at most 5,000 each. */
    static List<Integer> levels(String list) {
        List<Integer> levels = new ArrayList<>();
        for (String part : list.trim().split("[,\\s]+")) {
            if (!part.isEmpty()) {
                levels.add(number(part, "--levels", 1, 5000));
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("--levels needs at least one rate in orders per second, e.g. 25,50,100");
        }
        if (new LinkedHashSet<>(levels).size() != levels.size()) {
            throw new IllegalArgumentException("--levels names a rate twice: '" + list + "'");
        }
        return List.copyOf(levels);
    }

    private static int number(String value, String option, int min, int max) {
        try {
            return within(Integer.parseInt(value.trim()), option, min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes whole numbers from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    private static int within(int n, String option, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " takes whole numbers from " + min + " to " + max + ", got '" + n + "'");
        }
        return n;
    }
}
