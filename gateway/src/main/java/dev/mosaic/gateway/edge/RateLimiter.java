package dev.mosaic.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: {@code capacity} requests at once, refilled at {@code perSecond}. A client is the
 * token's subject when the caller is authenticated, else its address. Buckets of clients that went quiet are
 * dropped once full again, so memory follows the number of active clients, bounded by {@code maxClients}.
 */
final class RateLimiter {

    private final double capacity;
    private final double perNano;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int capacity, double perSecond, int maxClients, LongSupplier nanoClock) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalStateException("mosaic.gateway.rate-limit needs capacity >= 1 and per-second > 0, was "
                    + capacity + " and " + perSecond);
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.maxClients = maxClients;
        this.nanoClock = nanoClock;
    }

    /** Takes one token for {@code client}: {@link Duration#ZERO} when granted, else how long until one is available. */
    Duration acquire(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() >= maxClients) {
            evictFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
        return bucket.take(now, capacity, perNano);
    }

    int clients() {
        return buckets.size();
    }

    private void evictFull(long now) {
        buckets.entrySet().removeIf(entry -> entry.getValue().fullAt(now, capacity, perNano));
        if (buckets.size() >= maxClients) {
            // Still full of active clients: forgetting one resets its bucket, which errs towards letting it through.
            buckets.keySet().stream().findAny().ifPresent(buckets::remove);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Duration take(long now, double capacity, double perNano) {
            refill(now, capacity, perNano);
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean fullAt(long now, double capacity, double perNano) {
            refill(now, capacity, perNano);
            return tokens >= capacity;
        }

        private void refill(long now, double capacity, double perNano) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
