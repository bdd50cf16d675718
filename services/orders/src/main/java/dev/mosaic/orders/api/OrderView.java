package dev.mosaic.orders.api;

import java.time.Instant;
import java.util.List;

import dev.mosaic.orders.domain.Order;

/** An order as the public API shows it. */
public record OrderView(String id, String customerId, String status, String reason, List<LineView> lines,
                        MoneyView total, Instant createdAt, Instant updatedAt) {

    /** One line with the unit price it was sold at. */
    public record LineView(String sku, int quantity, MoneyView unitPrice) {
    }

    static OrderView of(Order o) {
        return new OrderView(o.id(), o.customerId(), o.status().name(), o.reason() == null ? null : o.reason().name(),
                o.lines().stream().map(l -> new LineView(l.sku(), l.quantity(), MoneyView.of(l.unitPrice()))).toList(),
                MoneyView.of(o.total()), o.createdAt(), o.updatedAt());
    }
}
