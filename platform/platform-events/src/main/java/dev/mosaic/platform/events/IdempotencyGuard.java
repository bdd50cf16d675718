package dev.mosaic.platform.events;

/**
 * Runs a handler at most once per event, inside the same transaction as the handler's own changes.
 * Provided by platform-outbox (the inbox table); without one, handlers run on every delivery.
 */
public interface IdempotencyGuard {

    /** Runs {@code handler} unless {@code event} was handled before; returns whether it ran. */
    boolean runOnce(CloudEvent event, Runnable handler);

    /** Whether {@code event} has been handled (committed), as seen from a new transaction. */
    boolean handled(CloudEvent event);
}
