package dev.mosaic.orders.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

import dev.mosaic.platform.core.FieldError;
import dev.mosaic.platform.core.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Placing an order: price the lines, store the order (one transaction), then reserve stock synchronously and move
 * the order on by inventory's answer (a second one).
 * Not one transaction on purpose: the order must be committed before inventory is asked, so that an
 * asynchronous answer (or the timeout sweep) always finds it.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class.getName());

    private final OrderSaga saga;
    private final OrderQueries orders;
    private final Prices prices;
    private final StockReservations stock;

    @Inject
    public OrderPlacement(OrderSaga saga, OrderQueries orders, Prices prices, StockReservations stock) {
        this.saga = saga;
        this.orders = orders;
        this.prices = prices;
        this.stock = stock;
    }

    /** The outcome of a placement: the order, and whether it was an earlier one replayed by idempotency key. */
    public record Placed(Order order, boolean replayed) {
    }

    public Placed place(String customerId, List<LineRequest> lines, String paymentToken, String idempotencyKey) {
        String hash = hash(lines, paymentToken);
        var earlier = orders.byIdempotencyKey(customerId, idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        List<OrderLine> priced = price(lines);
        Order order;
        try {
            order = saga.accept(customerId, priced, paymentToken, idempotencyKey, hash);
        } catch (Exception e) {
            // Two requests with one key raced; the unique key let one in. Answer with that one.
            var winner = orders.byIdempotencyKey(customerId, idempotencyKey);
            if (winner.isPresent()) {
                return replay(winner.get(), hash);
            }
            throw e;
        }
        LOG.info("Order " + order.id() + " placed: PENDING, " + priced.size() + " line(s)");
        StockReservations.Outcome outcome = stock.reserve(order.id(), lines);
        try {
            return new Placed(saga.onReservation(order.id(), outcome), false);
        } catch (Exception e) {
            // inventory's event with the same answer may have moved the order first (a lost optimistic-lock race),
            // or the database blinked: either way the order is stored, and the event path and the timeout sweep
            // carry it on. The customer's 202 stands.
            LOG.info("Order " + order.id() + " was not moved on after the reservation (" + outcome + "): " + e
                    + "; the saga continues from inventory's event or the timeout sweep");
            return new Placed(orders.get(customerId, order.id()), false);
        }
    }

    private Placed replay(Order earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw DomainException.conflict("Idempotency-Key '" + earlier.idempotencyKey()
                    + "' was used for a different order (" + earlier.id() + "); use a new key for a new order");
        }
        return new Placed(earlier, true);
    }

    private List<OrderLine> price(List<LineRequest> lines) {
        List<OrderLine> priced = new ArrayList<>();
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LineRequest line = lines.get(i);
            var price = prices.unitPrice(line.sku());
            if (price.isEmpty()) {
                unknown.add(new FieldError("lines[" + i + "].sku", "no product '" + line.sku() + "' in the catalog"));
            } else if (price.get().amount() <= 0) {
                // Payments charges only positive amounts: such an order could never be paid, only time out.
                unknown.add(new FieldError("lines[" + i + "].sku", "product '" + line.sku() + "' has no valid price "
                        + "(" + price.get().amount() + ") and cannot be ordered until the catalog prices it"));
            } else {
                priced.add(new OrderLine(line.sku(), line.quantity(), price.get()));
            }
        }
        if (!unknown.isEmpty()) {
            throw DomainException.invalid(unknown);
        }
        if (priced.stream().map(l -> l.unitPrice().currency()).distinct().count() > 1) {
            throw DomainException.invalid("lines", "products priced in different currencies cannot be in one order");
        }
        return priced;
    }

    private static String hash(List<LineRequest> lines, String paymentToken) {
        StringBuilder canonical = new StringBuilder(paymentToken).append('|');
        lines.forEach(l -> canonical.append(l.sku()).append('x').append(l.quantity()).append(';'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
