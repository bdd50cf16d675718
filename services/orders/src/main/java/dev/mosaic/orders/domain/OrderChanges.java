package dev.mosaic.orders.domain;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells whoever waits on an order that it changed (a committed saga transition), so a customer following the order
 * hears of it at once instead of reading it again and again. Within this process only: a change committed by another
 * instance wakes nobody here, so a waiter also reads the order again every little while.
 */
@ApplicationScoped
public class OrderChanges {

    private final ConcurrentHashMap<String, Set<Watch>> watches = new ConcurrentHashMap<>();

    /** Starts listening for the next change of {@code orderId}; register before reading, so no change slips between. */
    public Watch watch(String orderId) {
        Watch watch = new Watch(orderId);
        watches.compute(orderId, (id, set) -> {
            Set<Watch> all = set == null ? new HashSet<>() : set;
            all.add(watch);
            return all;
        });
        return watch;
    }

    /** The order has committed a change; everyone listening hears it once. */
    void changed(String orderId) {
        Set<Watch> all = watches.remove(orderId);
        if (all != null) {
            all.forEach(w -> w.fired.countDown());
        }
    }

    /** Orders someone is waiting on now (for tests and the gauge of waiting reads). */
    public int watched() {
        return watches.size();
    }

    /** One listener for one change of one order. */
    public final class Watch implements AutoCloseable {
        private final String orderId;
        private final CountDownLatch fired = new CountDownLatch(1);

        private Watch(String orderId) {
            this.orderId = orderId;
        }

        /** Waits until the order changes or {@code max} has passed; true when it changed. */
        public boolean await(Duration max) throws InterruptedException {
            return fired.await(max.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            watches.computeIfPresent(orderId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
