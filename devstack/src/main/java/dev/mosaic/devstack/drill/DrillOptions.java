package dev.mosaic.devstack.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a drill runs: which faults, how long each lasts, how many virtual customers, and whether the report replaces
 * docs/failure-modes.md.
 *
 * @param faults     the faults, in the order they run
 * @param faultFor   how long each fault lasts before it is healed
 * @param customers  virtual customers of the load
 * @param settle     how long an accepted order may take to reach its final state before it counts as lost
 * @param recoverIn  how long after healing the drill waits for the sign that the service works again
 * @param writeDoc   write the report to docs/failure-modes.md as well
 * @param isShort    the short drill CI runs (fewer faults, shorter, fewer customers)
 */
public record DrillOptions(List<Fault> faults, Duration faultFor, int customers, Duration settle, Duration recoverIn,
                           boolean writeDoc, boolean isShort) {

    static final String USAGE = "drill [--short] [--duration SECONDS] [--customers N] [--faults a,b,...] [--write-doc]";

    /** Parses the arguments after {@code drill}; throws IllegalArgumentException with what is wrong. */
    public static DrillOptions parse(List<String> args) {
        boolean isShort = false;
        boolean writeDoc = false;
        Integer seconds = null;
        Integer customers = null;
        List<String> only = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--short" -> isShort = true;
                case "--write-doc" -> writeDoc = true;
                case "--duration" -> seconds = number(args, ++i, "--duration", 1, 600);
                case "--customers" -> customers = number(args, ++i, "--customers", 1, 64);
                case "--faults" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--faults needs a comma-separated list of " + ids());
                    }
                    only = List.of(args.get(++i).split(","));
                }
                default -> throw new IllegalArgumentException("drill does not know '" + arg + "'; usage: " + USAGE);
            }
        }
        List<String> wanted = only != null ? only : isShort ? Fault.SHORT : Fault.ALL.stream().map(Fault::id).toList();
        List<Fault> faults = new ArrayList<>();
        for (String id : wanted) {
            faults.add(Fault.ALL.stream().filter(f -> f.id().equals(id.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no fault named '" + id + "'; the drill knows " + ids())));
        }
        return new DrillOptions(faults, Duration.ofSeconds(seconds != null ? seconds : isShort ? 4 : 10),
                customers != null ? customers : isShort ? 4 : 6,
                Duration.ofSeconds(isShort ? 90 : 120), Duration.ofSeconds(90), writeDoc, isShort);
    }

    private static String ids() {
        return Fault.ALL.stream().map(Fault::id).collect(Collectors.joining(", "));
    }

    private static int number(List<String> args, int i, String option, int min, int max) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a number from " + min + " to " + max);
        }
        try {
            int n = Integer.parseInt(args.get(i));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number from " + min + " to " + max + " (got '" + args.get(i) + "')");
    }
}
