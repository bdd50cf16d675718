package dev.mosaic.platform.messaging;

/**
 * Runs a handler at most once per event, inside the same transaction as the handler's own changes.
 * Provided by {@link Inbox} (the inbox table); without one, handlers run on every delivery.
 */
public interface IdempotencyGuard {

    /** Runs {@code handler} unless {@code event} was handled before; returns whether it ran. */
    boolean runOnce(CloudEvent event, Runnable handler);

    /** Whether {@code event} has been handled (committed), as seen from a new transaction. */
    boolean handled(CloudEvent event);

    /**
     * Runs {@code work}, several {@link #runOnce} calls, in one transaction: all of their effects and inbox rows
     * commit together, or none does and the exception propagates. A guard without transactions of its own runs the
     * work as it is; each {@code runOnce} then commits on its own, which is as safe (a failure part-way leaves the
     * handled events in the inbox, so handling them again skips them), only not faster.
     */
    default void together(Runnable work) {
        work.run();
    }
}
