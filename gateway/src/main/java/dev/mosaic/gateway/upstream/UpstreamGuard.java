package dev.mosaic.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What stands between the gateway and one upstream: a bulkhead (at most {@code maxConcurrent} requests in flight,
 * so a slow upstream holds a bounded share of the gateway) and a circuit breaker (after {@code failureThreshold}
 * failures in a row, callers get an immediate 503 for {@code openFor}; then one trial request decides).
 */
public final class UpstreamGuard {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final String upstream;
    private final Semaphore bulkhead;
    private final int maxConcurrent;
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    private final LongAdder refusedByBulkhead = new LongAdder();
    private final LongAdder refusedByBreaker = new LongAdder();

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public UpstreamGuard(String upstream, int maxConcurrent, int failureThreshold, Duration openFor, LongSupplier nanoClock) {
        this.upstream = upstream;
        this.maxConcurrent = maxConcurrent;
        this.bulkhead = new Semaphore(maxConcurrent);
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Why a request may not go to the upstream now, with how long to wait; empty detail when it may go. */
    public record Refusal(String detail, Duration retryAfter) {
    }

    /**
     * Asks to send one request. On {@code null} the caller must later call exactly one of {@link #succeeded()} (the
     * upstream answered), {@link #failed()} (it did not, or said it is unavailable) or {@link #abandoned()} (no answer
     * to judge by, for a reason of the caller's), then {@link #release()}.
     */
    public Refusal tryEnter() {
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (state == State.OPEN && now - openedAt >= openForNanos) {
                state = State.HALF_OPEN;
                trialInFlight = false;
            }
            if (state == State.OPEN) {
                refusedByBreaker.increment();
                return new Refusal("circuit breaker is open after " + consecutiveFailures + " failures in a row",
                                   Duration.ofNanos(openForNanos - (now - openedAt)));
            }
            if (state == State.HALF_OPEN) {
                if (trialInFlight) {
                    refusedByBreaker.increment();
                    return new Refusal("circuit breaker is half-open and a trial request is in flight", Duration.ofSeconds(1));
                }
                trialInFlight = true;
            }
        }
        if (!bulkhead.tryAcquire()) {
            synchronized (this) {
                if (state == State.HALF_OPEN) {
                    trialInFlight = false;
                }
            }
            refusedByBulkhead.increment();
            return new Refusal("already has " + maxConcurrent + " requests in flight through the gateway (bulkhead full)",
                               Duration.ofSeconds(1));
        }
        return null;
    }

    public synchronized void succeeded() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    public synchronized void failed() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
        }
        trialInFlight = false;
    }

    /**
     * Neither verdict: the call was given up for reasons of the caller's (another part decided the answer, the caller
     * left, its body was too large or too slow), so the upstream gave no answer to judge it by. A half-open breaker
     * lets the next request be its trial; a closed one keeps its count of failures in a row.
     */
    public synchronized void abandoned() {
        trialInFlight = false;
    }

    /** Answers that say the upstream is unavailable, as no answer does; its own 500 is a bug, not an outage. */
    static boolean unavailable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    public void release() {
        bulkhead.release();
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    public int inFlight() {
        return maxConcurrent - bulkhead.availablePermits();
    }

    /** Requests refused because the bulkhead was full, since the start. */
    public long refusedByBulkhead() {
        return refusedByBulkhead.sum();
    }

    /** Requests refused because the breaker was open or its half-open trial was taken, since the start. */
    public long refusedByBreaker() {
        return refusedByBreaker.sum();
    }

    public String upstream() {
        return upstream;
    }
}
