package dev.mosaic.devstack.bench;

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

    public static final List<Integer> DEFAULT_LEVELS = List.of(25, 50, 100, 200, 300, 400);

    /** Parses the arguments after {@code bench saga}; throws IllegalArgumentException saying what is wrong. */
    public static SagaBenchOptions parse(List<String> args) {
        List<Integer> levels = DEFAULT_LEVELS;
        int duration = 30;
        int warmup = 10;
        int customers = 200;
        int pollMillis = 50;
        boolean poll = false;
        boolean write = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--levels" -> levels = levels(value(args, ++i, arg));
                case "--duration" -> duration = number(value(args, ++i, arg), arg, 1, 3600);
                case "--warmup" -> warmup = number(value(args, ++i, arg), arg, 0, 3600);
                case "--customers" -> customers = number(value(args, ++i, arg), arg, 1, 10_000);
                case "--poll-ms" -> pollMillis = number(value(args, ++i, arg), arg, 5, 5000);
                case "--poll" -> poll = true;
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("bench saga does not know '" + arg
                        + "'; see ./mosaic bench saga --help");
            }
        }
        return new SagaBenchOptions(levels, Duration.ofSeconds(duration), Duration.ofSeconds(warmup), customers,
                Duration.ofMillis(pollMillis), poll, write);
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

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value; see ./mosaic bench saga --help");
        }
        return args.get(i);
    }

    private static int number(String value, String option, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes whole numbers from " + min + " to " + max + ", got '" + value + "'");
    }
}
