package dev.mosaic.drill.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.json.JsonObject;

import dev.mosaic.drill.Measurements;
import dev.mosaic.drill.OrderBook;
import dev.mosaic.drill.ShopClient;

/**
 * Offers one-line {@code tok_ok} orders through the gateway at a fixed rate, whatever the answers (an open loop: a
 * slow stack gets the same arrivals, and the latencies count from the moment each order was due), then follows each
 * accepted order by polling its status until it ends. One virtual thread per order; the clock is one platform thread.
 */
final class OpenLoop {

    /** Sends of one placement without a clear answer (a 503, a timeout): the same Idempotency-Key each time. */
    private static final int PLACE_ATTEMPTS = 4;
    private static final Duration RESEND_AFTER = Duration.ofMillis(250);
    private static final Duration SLOW_AFTER = Duration.ofSeconds(1);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    /** The longest wait a follower asks for; orders grants up to its {@code orders.watch.max-wait-ms}. */
    private static final Duration WAIT_FOR_CHANGE = Duration.ofSeconds(3);

    /** A placement that never got a clear answer: asked again, with the same key, once the level has ended. */
    record Unanswered(String customer, String sku, String body, Map<String, String> key, long due, boolean measured) {
    }

    /** What the orders of one level did; the latencies and counts are of the measured window only. */
    static final class Counts {
        final Measurements.Stats place = new Measurements.Stats();
        final Measurements.Stats confirmClient = new Measurements.Stats();
        final Measurements.Stats confirmServer = new Measurements.Stats();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong placed = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLong confirmedInWindow = new AtomicLong();
        final AtomicLong polls = new AtomicLong();
        final Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
        final Map<String, Long> errors = new TreeMap<>();
        volatile long windowStart;
        volatile long windowEnd = Long.MAX_VALUE;

        synchronized void error(String kind) {
            errors.merge(kind, 1L, Long::sum);
        }

        synchronized Map<String, Long> errors() {
            return Map.copyOf(errors);
        }

        boolean inWindow(long nanos) {
            return nanos - windowStart >= 0 && nanos - windowEnd < 0;
        }
    }

    private final ShopClient shop;
    private final OrderBook orders;
    private final List<String> skus;
    private final List<String> customers;
    private final Duration pollEvery;
    private final boolean waitForChanges;
    private final Duration followFor;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean stopped;

    /** orders' own {@code POST /orders}, past the gateway: for placements the gateway never answered clearly. */
    private final String ordersDirect;

    /**
     * @param followFor how long an accepted order is polled before the client gives up on seeing it end (the checks
     *                  after the level still wait for it)
     */
    OpenLoop(ShopClient shop, OrderBook orders, List<String> skus, List<String> customers, Duration pollEvery,
             boolean waitForChanges, Duration followFor, String ordersDirect) {
        this.shop = shop;
        this.ordersDirect = ordersDirect;
        this.orders = orders;
        this.skus = List.copyOf(skus);
        this.customers = List.copyOf(customers);
        this.pollEvery = pollEvery;
        this.waitForChanges = waitForChanges;
        this.followFor = followFor;
    }

    /**
     * Offers {@code rate} orders a second for {@code warmup}, then for {@code measure}; {@code atStart} and
     * {@code atEnd} run on the clock thread at the window's edges (to sample CPU there). Returns when the last
     * order is due; the orders are still being followed ({@link #awaitFollowed}).
     */
    Counts offer(int rate, Duration warmup, Duration measure, Runnable atStart, Runnable atEnd, String phase) {
        Counts counts = new Counts();
        long period = 1_000_000_000L / rate;
        long begin = System.nanoTime();
        long windowStart = begin + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        counts.windowStart = windowStart;
        counts.windowEnd = windowEnd;
        boolean started = false;
        for (long i = 0; !stopped; i++) {
            long due = begin + i * period;
            if (due - windowEnd >= 0) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!started && due - windowStart >= 0) {
                atStart.run();
                started = true;
            }
            boolean measured = due - windowStart >= 0;
            live.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    order(due, measured, counts, phase);
                } finally {
                    live.decrementAndGet();
                }
            });
        }
        long wait;
        while ((wait = windowEnd - System.nanoTime()) > 0 && !stopped) {
            LockSupport.parkNanos(wait);
        }
        atEnd.run();
        return counts;
    }

    /** Waits, at most {@code within}, until every order offered so far has ended or was given up on. */
    boolean awaitFollowed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (live.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return live.get() == 0;
    }

    /** No new orders, and the ones being followed stop at their next poll. */
    void stop() {
        stopped = true;
    }

    private void order(long due, boolean measured, Counts counts, String phase) {
        long n = sequence.getAndIncrement();
        String customer = customers.get((int) (n % customers.size()));
        String sku = skus.get((int) (n % skus.size()));
        String body = "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "bench-" + UUID.randomUUID());
        if (measured) {
            counts.offered.incrementAndGet();
        }
        ShopClient.Answer answer = null;
        for (int attempt = 1; attempt <= PLACE_ATTEMPTS && !stopped; attempt++) {
            answer = shop.asCustomer(customer, "POST", "/api/orders", body, key);
            if (attempt == 1 && measured) {
                counts.place.record((System.nanoTime() - due) / 1000, answer.is(202) ? null : answer.kind());
            }
            if (!answer.is(202) && measured) {
                counts.error(answer.kind());
            }
            if (answer.is(202) || refusedForGood(answer)) {
                break;
            }
            pause(after(answer, RESEND_AFTER));
        }
        if (answer == null || !answer.is(202)) {
            if (answer == null || !refusedForGood(answer)) {
                counts.unanswered.add(new Unanswered(customer, sku, body, key, due, measured));
            }
            return;
        }
        accepted(customer, sku, answer, due, measured, counts, phase);
    }

    /**
     * With no new load: sends every placement that never got a clear answer again, with its Idempotency-Key, until it
     * does or {@code within} is spent, so every order the stack may have taken is known to the checks. Returns how
     * many are still unknown.
     */
    long resolveUnanswered(Counts counts, Duration within, String phase) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!counts.unanswered.isEmpty() && System.nanoTime() - deadline < 0 && !stopped) {
            for (int i = counts.unanswered.size(); i > 0; i--) {
                Unanswered u = counts.unanswered.poll();
                ShopClient.Answer first = shop.asCustomer(u.customer(), "POST", "/api/orders", u.body(), u.key());
                // The gateway may hold its circuit to orders open for a while after a storm of timeouts: then ask orders
                // on its own port, with the same key, which answers with the order it took (or takes it now).
                ShopClient.Answer answer = first.is(202) || refusedForGood(first) ? first
                        : shop.asCustomerAt(u.customer(), "POST", ordersDirect, u.body(), u.key());
                if (answer.is(202)) {
                    live.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try {
                            accepted(u.customer(), u.sku(), answer, u.due(), u.measured(), counts, phase);
                        } finally {
                            live.decrementAndGet();
                        }
                    });
                } else if (!refusedForGood(answer)) {
                    counts.unanswered.add(u);
                }
            }
            if (!counts.unanswered.isEmpty()) {
                pause(Duration.ofMillis(500));
            }
        }
        return counts.unanswered.size();
    }

    private void accepted(String customer, String sku, ShopClient.Answer answer, long due, boolean measured, Counts counts,
                          String phase) {
        JsonObject accepted = answer.json();
        String id = accepted.getString("id");
        String status = accepted.getString("status", "PENDING");
        orders.accepted(new OrderBook.Placed(id, customer, sku, 1, "tok_ok", phase, System.nanoTime()), status);
        if (measured) {
            counts.placed.incrementAndGet();
        }
        follow(customer, id, accepted, due, measured, counts);
    }

    /**
     * Follows the order until it ends, at most {@link #followFor}, and records when the client saw it end. With
     * {@code wait} (the default) each read names the version the client has and waits for the next one
     * ({@code If-None-Match}, {@code Prefer: wait}): one read per step of the saga, answered as the step commits.
     * Without, it polls every {@code pollEvery}, less and less often once the order is late.
     */
    private void follow(String customer, String id, JsonObject view, long due, boolean measured, Counts counts) {
        long giveUp = System.nanoTime() + followFor.toNanos();
        long interval = pollEvery.toNanos();
        JsonObject last = view;
        String etag = null;
        while (!OrderBook.isFinal(last.getString("status", "PENDING"))) {
            if (stopped || System.nanoTime() - giveUp > 0) {
                return;
            }
            if (etag == null || !waitForChanges) {
                pause(Duration.ofNanos(interval));
                // Fine-grained while a confirmation is still on time; an order that is late is read less and less
                // often, so a stack that falls behind is not also buried under status reads.
                if (System.nanoTime() - due > SLOW_AFTER.toNanos()) {
                    interval = Math.min(interval * 2, MAX_POLL.toNanos());
                }
            }
            Map<String, String> conditional = etag == null || !waitForChanges ? Map.of()
                    : Map.of("If-None-Match", etag, "Prefer", "wait=" + WAIT_FOR_CHANGE.toSeconds());
            ShopClient.Answer answer = shop.asCustomer(customer, "GET", "/api/orders/" + id, null, conditional);
            if (measured) {
                counts.polls.incrementAndGet();
            }
            if (answer.is(200)) {
                last = answer.json();
                etag = answer.etag();
            } else if (!answer.is(304)) {
                // No clear answer: read the order plainly next time, after a pause, and no sooner than a refusal's
                // Retry-After asks (a client that comes back at once only adds to what made the stack refuse).
                etag = null;
                if (answer.retryAfter() != null) {
                    pause(answer.retryAfter());
                }
            }
        }
        long seen = System.nanoTime();
        String status = last.getString("status");
        orders.seen(id, status);
        if ("CONFIRMED".equals(status)) {
            if (counts.inWindow(seen)) {
                counts.confirmedInWindow.incrementAndGet();
            }
            if (measured) {
                counts.confirmClient.record((seen - due) / 1000, null);
                serverMicros(last).ifPresent(micros -> counts.confirmServer.record(micros, null));
            }
        } else if (measured) {
            counts.cancelled.incrementAndGet();
        }
    }

    /** createdAt → updatedAt of an order view, in microseconds (empty when either is missing or unreadable). */
    static OptionalLong serverMicros(JsonObject view) {
        try {
            Instant created = Instant.parse(view.getString("createdAt"));
            Instant updated = Instant.parse(view.getString("updatedAt"));
            return OptionalLong.of(Duration.between(created, updated).toNanos() / 1000);
        } catch (DateTimeParseException | NullPointerException | ClassCastException e) {
            return OptionalLong.empty();
        }
    }

    /** How long to wait before sending again: {@code atLeast}, or longer when the answer's Retry-After says so. */
    private static Duration after(ShopClient.Answer answer, Duration atLeast) {
        return answer.retryAfter() != null && answer.retryAfter().compareTo(atLeast) > 0 ? answer.retryAfter() : atLeast;
    }

    /** A 4xx other than 408 and 429: nothing was placed, and sending it again would not change that. */
    private static boolean refusedForGood(ShopClient.Answer answer) {
        return answer.status() >= 400 && answer.status() < 500 && answer.status() != 408 && answer.status() != 429;
    }

    private static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
