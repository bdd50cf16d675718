package dev.mosaic.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonObject;

/**
 * A steady, bounded load of virtual customers through the gateway: each browses the catalog, looks at a stock level,
 * now and then places an order (mostly {@code tok_ok}, some {@code tok_decline}), follows its open orders and reads
 * its notifications, then waits {@code pacing}. A placement without a clear answer (503, timeout) is sent again with
 * the same Idempotency-Key, as a careful client would. It stops by itself at the deadline, or on {@link #stop()}.
 */
public final class LoadDriver {

    private static final Logger LOG = Logger.getLogger(LoadDriver.class.getName());

    /**
     * @param customers  virtual customers, each on its own virtual thread
     * @param pacing     pause between two rounds of one customer
     * @param placeEvery a customer places an order every this many rounds
     * @param declineEvery every this many orders of a customer pays with {@code tok_decline}
     * @param deadline   the load stops by itself this long after start, whatever happens
     */
    public record Settings(int customers, Duration pacing, int placeEvery, int declineEvery, Duration deadline) {
        public Settings {
            if (customers < 1 || customers > 64) {
                throw new IllegalArgumentException("customers must be from 1 to 64 (got " + customers + ")");
            }
        }
    }

    private final ShopClient shop;
    private final Measurements measurements;
    private final OrderBook orders;
    private final List<String> skus;
    private final Settings settings;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private long deadlineNanos;

    public LoadDriver(ShopClient shop, Measurements measurements, OrderBook orders, List<String> skus, Settings settings) {
        if (skus.isEmpty()) {
            throw new IllegalArgumentException("the load needs at least one sku to order");
        }
        this.shop = shop;
        this.measurements = measurements;
        this.orders = orders;
        this.skus = List.copyOf(skus);
        this.settings = settings;
    }

    /** Customer ids the load uses: {@code drill-customer-1} ... */
    public static String customer(int index) {
        return "drill-customer-" + index;
    }

    public synchronized void start() {
        running = true;
        deadlineNanos = System.nanoTime() + settings.deadline().toNanos();
        for (int i = 1; i <= settings.customers(); i++) {
            String customer = customer(i);
            Random random = new Random(i);
            threads.add(Thread.ofVirtual().name("drill-" + customer).start(() -> shop(customer, random)));
        }
    }

    /** Stops every customer and waits until each has finished its current call. */
    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private boolean going() {
        return running && System.nanoTime() - deadlineNanos < 0 && !Thread.currentThread().isInterrupted();
    }

    private void shop(String customer, Random random) {
        int round = 0;
        int placed = 0;
        while (going()) {
            try {
                browse(customer, random);
                stock(customer, random);
                if (round % settings.placeEvery() == 0) {
                    place(customer, random, ++placed % settings.declineEvery() == 0 ? "tok_decline" : "tok_ok");
                }
                track(customer);
                if (round % 4 == 3) {
                    notifications(customer);
                }
                round++;
                Thread.sleep(settings.pacing());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // An answer the driver could not read is the service's failure, not a reason to stop the load.
                LOG.log(Level.WARNING, customer + " stumbled: " + e, e);
            }
        }
    }

    private void browse(String customer, Random random) {
        ShopClient.Answer answer = timed(Operation.BROWSE, 200,
                () -> shop.asCustomer(customer, "GET", "/api/products?page=" + random.nextInt(3) + "&size=8", null, Map.of()));
        if (answer.is(200)) {
            measurements.signal(Signal.BROWSED, System.nanoTime());
        }
    }

    private void stock(String customer, Random random) {
        String sku = skus.get(random.nextInt(skus.size()));
        ShopClient.Answer answer = timed(Operation.STOCK, 200, () -> shop.asCustomer(customer, "GET", "/api/stock/" + sku, null, Map.of()));
        if (answer.is(200)) {
            measurements.signal(Signal.STOCK_READ, System.nanoTime());
        }
    }

    /** An order whose placement got no clear answer: sent again, with the same Idempotency-Key, until it does. */
    private record Attempt(String key, String sku, int quantity, String token, String phase) {
        String body() {
            return "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + token + "\"}";
        }
    }

    private final Map<String, Attempt> unanswered = new ConcurrentHashMap<>();

    /**
     * Places a new order, or first the one whose last attempt got no clear answer: a 503 or a timeout may come after
     * orders committed it, and only the same Idempotency-Key tells (it answers the order already placed).
     */
    private void place(String customer, Random random, String token) {
        Attempt attempt = unanswered.get(customer);
        if (attempt == null) {
            attempt = new Attempt("drill-" + UUID.randomUUID(), skus.get(random.nextInt(skus.size())), 1 + random.nextInt(2),
                    token, measurements.phase());
        }
        Attempt sent = attempt;
        ShopClient.Answer answer = timed(Operation.PLACE, 202, () -> shop.asCustomer(customer, "POST", "/api/orders",
                sent.body(), Map.of("Idempotency-Key", sent.key())));
        settle(customer, sent, answer);
    }

    private void settle(String customer, Attempt attempt, ShopClient.Answer answer) {
        if (answer.is(202)) {
            unanswered.remove(customer);
            long now = System.nanoTime();
            JsonObject accepted = answer.json();
            String status = accepted.getString("status", "PENDING");
            orders.accepted(new OrderBook.Placed(accepted.getString("id"), customer, attempt.sku(), attempt.quantity(),
                    attempt.token(), attempt.phase(), now), status);
            measurements.signal(Signal.ORDER_ACCEPTED, now);
            if (!status.equals("PENDING")) {
                measurements.signal(Signal.RESERVED_AT_ONCE, now);
            }
        } else if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 408 && answer.status() != 429) {
            unanswered.remove(customer); // refused for good: nothing was placed
        } else {
            unanswered.put(customer, attempt);
        }
    }

    /**
     * After {@link #stop()}: asks once more about every placement that never got a clear answer, so each order the
     * shop may have taken is known. Returns how many are still unknown.
     */
    public int resolveUnanswered(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!unanswered.isEmpty() && System.nanoTime() - deadline < 0) {
            for (Map.Entry<String, Attempt> e : Map.copyOf(unanswered).entrySet()) {
                ShopClient.Answer answer = shop.asCustomer(e.getKey(), "POST", "/api/orders", e.getValue().body(),
                        Map.of("Idempotency-Key", e.getValue().key()));
                settle(e.getKey(), e.getValue(), answer);
            }
            if (!unanswered.isEmpty()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return unanswered.size();
    }

    /** Follows the customer's oldest open order (it must end) and its newest (the freshest news of the saga). */
    private void track(String customer) {
        Optional<OrderBook.Placed> oldest = orders.oldestOpen(customer);
        Optional<OrderBook.Placed> newest = orders.newestOpen(customer);
        oldest.ifPresent(order -> track(customer, order));
        newest.filter(n -> oldest.isEmpty() || !n.id().equals(oldest.get().id())).ifPresent(order -> track(customer, order));
    }

    private void track(String customer, OrderBook.Placed order) {
        ShopClient.Answer answer = timed(Operation.TRACK, 200,
                () -> shop.asCustomer(customer, "GET", "/api/orders/" + order.id(), null, Map.of()));
        if (answer.is(200)) {
            String status = answer.json().getString("status");
            if (orders.seen(order.id(), status) && status.equals("CONFIRMED")) {
                measurements.signal(Signal.ORDER_CONFIRMED, System.nanoTime(), order.acceptedNanos());
            }
        }
    }

    private void notifications(String customer) {
        ShopClient.Answer answer = timed(Operation.NOTIFICATIONS, 200,
                () -> shop.asCustomer(customer, "GET", "/api/notifications?limit=20", null, Map.of()));
        if (answer.is(200)) {
            measurements.signal(Signal.NOTIFICATIONS_READ, System.nanoTime());
        }
    }

    private ShopClient.Answer timed(Operation operation, int expected, Supplier<ShopClient.Answer> call) {
        String phase = measurements.phase();
        long start = System.nanoTime();
        ShopClient.Answer answer = call.get();
        if ("interrupted".equals(answer.failure())) {
            return answer; // the drill stopped the load mid-call: not the service's doing
        }
        measurements.record(phase, operation, start, System.nanoTime(), answer.is(expected) ? null : answer.kind());
        return answer;
    }
}
