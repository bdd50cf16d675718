package dev.mosaic.drill;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every order the gateway accepted (202) during the drill, with the last status seen. Thread-safe. */
public final class OrderBook {

    /** One accepted order: who placed it, what, with which payment token, during which phase. */
    public record Placed(String id, String customer, String sku, int quantity, String token, String phase,
                         long acceptedNanos) {
    }

    private final Map<String, Placed> placed = new ConcurrentHashMap<>();
    private final Map<String, String> status = new ConcurrentHashMap<>();

    public void accepted(Placed order, String firstStatus) {
        placed.put(order.id(), order);
        status.put(order.id(), firstStatus);
    }

    /** Records the status seen; true the first time an order is seen in a final state. */
    public boolean seen(String id, String newStatus) {
        String before = status.put(id, newStatus);
        return isFinal(newStatus) && !isFinal(before);
    }

    public static boolean isFinal(String status) {
        return "CONFIRMED".equals(status) || "CANCELLED".equals(status);
    }

    public String status(String id) {
        return status.get(id);
    }

    /** The customer's oldest order not yet seen final: the one to ask about next. */
    public Optional<Placed> oldestOpen(String customer) {
        return placed.values().stream()
                .filter(o -> o.customer().equals(customer) && !isFinal(status.get(o.id())))
                .min(Comparator.comparingLong(Placed::acceptedNanos));
    }

    /** The customer's newest order not yet seen final. */
    public Optional<Placed> newestOpen(String customer) {
        return placed.values().stream()
                .filter(o -> o.customer().equals(customer) && !isFinal(status.get(o.id())))
                .max(Comparator.comparingLong(Placed::acceptedNanos));
    }

    /** Every accepted order, oldest first. */
    public List<Placed> all() {
        List<Placed> all = new ArrayList<>(placed.values());
        all.sort(Comparator.comparingLong(Placed::acceptedNanos));
        return all;
    }

    public int size() {
        return placed.size();
    }

    public Collection<Placed> accepted() {
        return placed.values();
    }
}
