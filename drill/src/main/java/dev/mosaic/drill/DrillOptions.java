package dev.mosaic.drill;

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

    /**
     * The drill as chosen on the command line: what is not chosen (null) follows {@code isShort}, the short drill's
     * faults, 4 s each and 4 customers, or every fault, 10 s each and 6 customers. Throws IllegalArgumentException
     * saying what is wrong.
     *
     * @param faultIds  the ids of the faults to run, in that order
     * @param seconds   how long each fault lasts, 1 to 600
     * @param customers virtual customers, 1 to 64
     */
    public static DrillOptions of(boolean isShort, List<String> faultIds, Integer seconds, Integer customers,
                                  boolean writeDoc) {
        List<String> wanted = faultIds != null ? faultIds : isShort ? Fault.SHORT : Fault.ALL.stream().map(Fault::id).toList();
        List<Fault> faults = new ArrayList<>();
        for (String id : wanted) {
            faults.add(Fault.ALL.stream().filter(f -> f.id().equals(id.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no fault named '" + id + "'; the drill knows " + ids())));
        }
        int faultSeconds = within(seconds != null ? seconds : isShort ? 4 : 10, "--duration", 1, 600);
        return new DrillOptions(faults, Duration.ofSeconds(faultSeconds),
                within(customers != null ? customers : isShort ? 4 : 6, "--customers", 1, 64),
                Duration.ofSeconds(isShort ? 90 : 120), Duration.ofSeconds(90), writeDoc, isShort);
    }

    private static String ids() {
        return Fault.ALL.stream().map(Fault::id).collect(Collectors.joining(", "));
    }

    private static int within(int n, String option, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " needs a number from " + min + " to " + max + " (got " + n + ")");
        }
        return n;
    }
}
