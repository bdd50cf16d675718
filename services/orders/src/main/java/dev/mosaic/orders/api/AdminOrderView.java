package dev.mosaic.orders.api;

import java.time.Instant;
import java.util.List;

import dev.mosaic.orders.domain.Order;

/**
 * An order as operators see it: where its saga stands (the step being awaited, how often it was asked, until when)
 * and how it got there.
 */
public record AdminOrderView(String id, String customerId, String status, String reason, MoneyView total,
                             Instant createdAt, Instant updatedAt, int stepAttempts, Instant stepDeadline,
                             List<Step> timeline) {

    /** One status change. */
    public record Step(String status, String reason, Instant at) {
    }

    static AdminOrderView of(Order o) {
        return new AdminOrderView(o.id(), o.customerId(), o.status().name(), o.reason() == null ? null : o.reason().name(),
                MoneyView.of(o.total()), o.createdAt(), o.updatedAt(), o.stepAttempts(), o.stepDeadline(),
                o.transitions().stream()
                        .map(t -> new Step(t.status().name(), t.reason() == null ? null : t.reason().name(), t.at()))
                        .toList());
    }
}
