package dev.mosaic.devstack.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonObject;

/**
 * A steady, bounded load of virtual customers through the gateway: each browses the catalog, looks at a stock level,
 * now and then places an order (mostly {@code tok_ok}, some {@code tok_decline}), follows its open orders and reads
 * its notifications, then waits {@code pacing}. It stops by itself at the deadline, or on {@link #stop()}.
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

    private void place(String customer, Random random, String token) {
        String sku = skus.get(random.nextInt(skus.size()));
        int quantity = 1 + random.nextInt(2);
        String body = "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + token + "\"}";
        String phase = measurements.phase();
        ShopClient.Answer answer = timed(Operation.PLACE, 202, () -> shop.asCustomer(customer, "POST", "/api/orders", body,
                Map.of("Idempotency-Key", "drill-" + UUID.randomUUID())));
        if (answer.is(202)) {
            long now = System.nanoTime();
            JsonObject accepted = answer.json();
            String status = accepted.getString("status", "PENDING");
            orders.accepted(new OrderBook.Placed(accepted.getString("id"), customer, sku, quantity, token, phase, now), status);
            measurements.signal(Signal.ORDER_ACCEPTED, now);
            if (!status.equals("PENDING")) {
                measurements.signal(Signal.RESERVED_AT_ONCE, now);
            }
        }
    }

    private void track(String customer) {
        orders.oldestOpen(customer).ifPresent(order -> {
            ShopClient.Answer answer = timed(Operation.TRACK, 200,
                    () -> shop.asCustomer(customer, "GET", "/api/orders/" + order.id(), null, Map.of()));
            if (answer.is(200)) {
                String status = answer.json().getString("status");
                if (orders.seen(order.id(), status) && status.equals("CONFIRMED")) {
                    measurements.signal(Signal.ORDER_CONFIRMED, System.nanoTime());
                }
            }
        });
    }

    private void notifications(String customer) {
        ShopClient.Answer answer = timed(Operation.NOTIFICATIONS, 200,
                () -> shop.asCustomer(customer, "GET", "/api/notifications?limit=20", null, Map.of()));
        if (answer.is(200)) {
            measurements.signal(Signal.NOTIFICATIONS_READ, System.nanoTime());
        }
    }

    private ShopClient.Answer timed(Operation operation, int expected, Supplier<ShopClient.Answer> call) {
        long start = System.nanoTime();
        ShopClient.Answer answer = call.get();
        if ("interrupted".equals(answer.failure())) {
            return answer; // the drill stopped the load mid-call: not the service's doing
        }
        measurements.record(operation, start, System.nanoTime(), answer.is(expected) ? null : answer.kind());
        return answer;
    }
}
