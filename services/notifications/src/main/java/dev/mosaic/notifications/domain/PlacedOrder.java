package dev.mosaic.notifications.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What notifications remembers of a placed order: its number of items, which the confirmation mentions but
 * {@code order.confirmed} does not carry. A local replica fed by {@code order.placed}, never orders' tables.
 */
@Entity
@Table(name = "placed_order")
public class PlacedOrder {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Column(name = "item_count")
    private int itemCount;
    @Column(name = "placed_at")
    private OffsetDateTime placedAt;

    protected PlacedOrder() {
    }

    PlacedOrder(String orderId, int itemCount, Instant now) {
        this.orderId = orderId;
        this.itemCount = itemCount;
        this.placedAt = now.atOffset(ZoneOffset.UTC);
    }

    public int itemCount() {
        return itemCount;
    }
}
