package dev.mosaic.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;

/**
 * The saga's invariants (docs/invariants.md) checked from outside while the load goes on: every accepted order
 * reaches CONFIRMED or CANCELLED, a confirmed order has exactly one authorized charge of its total and a cancelled
 * one no net charge, and stock is conserved. Orders are read through the gateway as the customer who placed them;
 * payments and stock on the services' own ports (inspection endpoints the gateway does not route).
 */
public final class SagaChecks {

    /** Stock of one sku as inventory's admin endpoint reports it. */
    public record StockLevel(int available, int reserved, int committed) {
        public int total() {
            return available + reserved + committed;
        }
    }

    /**
     * The outcome of one check.
     *
     * @param checked       orders verified by this check (final and correctly charged)
     * @param unfinished    accepted orders that did not reach a final state within the wait, with their last status
     * @param chargeProblems final orders whose payment breaks the rule, with what was found
     * @param stockProblems skus whose stock is not conserved, with what was found
     */
    public record Result(int checked, Map<String, String> unfinished, Map<String, String> chargeProblems,
                         Map<String, String> stockProblems) {
        public boolean clean() {
            return unfinished.isEmpty() && chargeProblems.isEmpty() && stockProblems.isEmpty();
        }
    }

    private final ShopClient shop;
    private final String inventory;
    private final String payments;
    private final OrderBook orders;
    private final Map<String, StockLevel> initial = new LinkedHashMap<>();
    private final Set<String> verified = new HashSet<>();

    /**
     * @param inventory base URL of inventory's own port
     * @param payments  base URL of payments' own port
     */
    public SagaChecks(ShopClient shop, String inventory, String payments, OrderBook orders) {
        this.shop = shop;
        this.inventory = inventory;
        this.payments = payments;
        this.orders = orders;
    }

    /** Sets the available units of each sku (admin) and remembers the levels the conservation checks start from. */
    public void seed(List<String> skus, int available) {
        for (String sku : skus) {
            ShopClient.Answer answer = shop.direct("PUT", inventory + "/admin/stock/" + sku, "{\"available\":" + available + "}");
            if (!answer.is(200)) {
                throw new IllegalStateException("Cannot set the stock of " + sku + " at " + inventory + ": "
                        + answer.kind() + " " + answer.body());
            }
            initial.put(sku, stock(sku));
        }
    }

    public StockLevel stock(String sku) {
        ShopClient.Answer answer = shop.direct("GET", inventory + "/admin/stock/" + sku, null);
        if (!answer.is(200)) {
            throw new IllegalStateException("Cannot read the stock of " + sku + " at " + inventory + ": " + answer.kind());
        }
        JsonObject s = answer.json();
        return new StockLevel(s.getInt("available"), s.getInt("reserved"), s.getInt("committed"));
    }

    /**
     * Waits up to {@code within} until every order accepted so far is final and correctly charged, then checks that
     * each seeded sku still holds its units (available + reserved + committed, true at every moment).
     */
    public Result check(Duration within) {
        List<OrderBook.Placed> open = new ArrayList<>(orders.all().stream().filter(o -> !verified.contains(o.id())).toList());
        int before = verified.size();
        Map<String, String> unfinished = new LinkedHashMap<>();
        Map<String, String> charges = new LinkedHashMap<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            unfinished.clear();
            charges.clear();
            for (OrderBook.Placed order : open) {
                String problem = verify(order, unfinished);
                if (problem != null) {
                    charges.put(order.id(), problem);
                } else if (!unfinished.containsKey(order.id())) {
                    verified.add(order.id());
                }
            }
            open.removeIf(o -> verified.contains(o.id()));
            if (open.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            pause(Duration.ofMillis(500));
        }
        Map<String, String> stock = new LinkedHashMap<>();
        initial.forEach((sku, start) -> {
            StockLevel now = stock(sku);
            if (now.total() != start.total()) {
                stock.put(sku, "holds " + now.total() + " units (" + now + "), started with " + start.total());
            }
        });
        return new Result(verified.size() - before, Map.copyOf(unfinished), Map.copyOf(charges), stock);
    }

    /**
     * With the load stopped and every order final: each sku's committed units grew by exactly the units of its
     * confirmed orders and nothing is left reserved. Waits up to {@code within} for the last commits and releases.
     */
    public Map<String, String> settledStock(Duration within) {
        Map<String, Integer> confirmed = new LinkedHashMap<>();
        initial.keySet().forEach(sku -> confirmed.put(sku, 0));
        for (OrderBook.Placed order : orders.all()) {
            if ("CONFIRMED".equals(orders.status(order.id()))) {
                confirmed.merge(order.sku(), order.quantity(), Integer::sum);
            }
        }
        Map<String, String> problems = new LinkedHashMap<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            problems.clear();
            initial.forEach((sku, start) -> {
                StockLevel expected = new StockLevel(start.total() - start.reserved() - start.committed() - confirmed.get(sku),
                        start.reserved(), start.committed() + confirmed.get(sku));
                StockLevel now = stock(sku);
                if (!now.equals(expected)) {
                    problems.put(sku, "is " + now + ", expected " + expected + " after " + confirmed.get(sku)
                            + " confirmed units");
                }
            });
            if (problems.isEmpty() || System.nanoTime() - deadline > 0) {
                return problems;
            }
            pause(Duration.ofMillis(500));
        }
    }

    /** Null when the order is final and its charge is right; a problem otherwise (or an entry in {@code unfinished}). */
    private String verify(OrderBook.Placed order, Map<String, String> unfinished) {
        ShopClient.Answer answer = shop.asCustomer(order.customer(), "GET", "/api/orders/" + order.id(), null, Map.of());
        for (int i = 0; i < 20 && answer.is(429); i++) {
            // The gateway's rate limit per customer: the checks read many orders in a row, the load never does.
            pause(Duration.ofMillis(250));
            answer = shop.asCustomer(order.customer(), "GET", "/api/orders/" + order.id(), null, Map.of());
        }
        if (!answer.is(200)) {
            unfinished.put(order.id(), "GET /api/orders/" + order.id() + " answered " + answer.kind());
            return null;
        }
        JsonObject view = answer.json();
        String status = view.getString("status");
        orders.seen(order.id(), status);
        if (!OrderBook.isFinal(status)) {
            unfinished.put(order.id(), status);
            return null;
        }
        ShopClient.Answer payment = shop.direct("GET", payments + "/payments/" + order.id(), null);
        if (status.equals("CONFIRMED")) {
            int total = view.getJsonObject("total").getInt("amount");
            if (!payment.is(200)) {
                return "CONFIRMED but payments answers " + payment.kind() + " for it";
            }
            JsonObject p = payment.json();
            String charged = p.getString("status");
            int amount = p.containsKey("amount") && !p.isNull("amount") ? p.getJsonObject("amount").getInt("amount") : -1;
            if (!charged.equals("AUTHORIZED") || amount != total) {
                return "CONFIRMED for " + total + " but its payment is " + charged + " of " + amount;
            }
            return null;
        }
        if (payment.is(404)) {
            return null;
        }
        if (!payment.is(200)) {
            return "CANCELLED and payments answers " + payment.kind() + " for it";
        }
        String charged = payment.json().getString("status");
        return Set.of("DECLINED", "VOIDED", "REFUNDED").contains(charged) ? null
                : "CANCELLED (" + view.getString("reason", "?") + ") but its payment is " + charged;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the saga", e);
        }
    }
}
