package dev.mosaic.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for reading one request body. Helidon 4.1 sets no read timeout once a request line has arrived, so a
 * body that trickles in would keep its upstream's bulkhead slot (and the upstream connection) for as long as the
 * caller likes: 64 slow senders would take the upstream away from everyone. When the deadline passes, the reading
 * thread is interrupted; on a virtual thread the JDK then closes the socket a blocked read or write waits on, so the
 * read fails at once and the slot is freed.
 */
final class BodyDeadline implements AutoCloseable {

    // One platform thread for every deadline: it only flips a flag and interrupts, never blocks.
    private static final ScheduledExecutorService TIMER = timer();

    private final Thread reader;
    private final ScheduledFuture<?> alarm;
    private boolean open = true;
    private boolean expired;

    private BodyDeadline(Duration limit) {
        this.reader = Thread.currentThread();
        this.alarm = TIMER.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the deadline for the calling thread, which must be the one reading the body and must close it. */
    static BodyDeadline start(Duration limit) {
        return new BodyDeadline(limit);
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "body-read-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every body arrives in time: its cancelled alarm must leave the queue then, not when it would have rung.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private synchronized void expire() {
        // Only while the body is still being read: an interrupt after close() would hit whatever the thread does next.
        if (open) {
            expired = true;
            reader.interrupt();
        }
    }

    synchronized boolean expired() {
        return expired;
    }

    /** Stops the deadline; clears the interrupt it may have delivered, so it cannot leak into the rest of the request. */
    @Override
    public synchronized void close() {
        open = false;
        alarm.cancel(false);
        if (expired) {
            Thread.interrupted();
        }
    }
}
