package dev.mosaic.inventory.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * The units one order holds, keyed by the order id. A {@code RELEASED} reservation without lines is a tombstone:
 * the order was released before any reserve arrived, so a late reserve must not hold stock for it.
 */
@Entity
@Table(name = "reservation")
public class Reservation {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private ReservationStatus status;
    // Eager: a reservation is small and is always answered with its lines, also after its transaction.
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<ReservationLine> lines = new ArrayList<>();
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Reservation() {
    }

    private Reservation(String orderId, ReservationStatus status, List<ReservationLine> lines, Instant now) {
        this.orderId = orderId;
        this.status = status;
        this.lines = new ArrayList<>(lines);
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = createdAt;
    }

    /** Takes every line's units from its (locked) stock row. */
    static Reservation reserve(String orderId, List<Line> lines, Map<String, Stock> stock, Instant now) {
        lines.forEach(line -> stock.get(line.sku()).reserve(line.quantity(), now));
        return new Reservation(orderId, ReservationStatus.RESERVED,
                lines.stream().map(l -> new ReservationLine(l.sku(), l.quantity(), null)).toList(), now);
    }

    /** Records what was asked for and which lines did not fit; holds nothing. */
    static Reservation reject(String orderId, List<Line> lines, List<Unavailable> unavailable, Instant now) {
        Map<String, Integer> availableOf = new HashMap<>();
        unavailable.forEach(u -> availableOf.put(u.sku(), u.available()));
        return new Reservation(orderId, ReservationStatus.REJECTED,
                lines.stream().map(l -> new ReservationLine(l.sku(), l.quantity(), availableOf.get(l.sku()))).toList(), now);
    }

    static Reservation tombstone(String orderId, Instant now) {
        return new Reservation(orderId, ReservationStatus.RELEASED, List.of(), now);
    }

    /** Gives the units back to available, from reserved or committed; once, because the status changes. */
    void release(Map<String, Stock> stock, Instant now) {
        for (ReservationLine line : lines) {
            Stock s = stock.get(line.sku());
            if (status == ReservationStatus.RESERVED) {
                s.releaseReserved(line.quantity(), now);
            } else if (status == ReservationStatus.COMMITTED) {
                s.releaseCommitted(line.quantity(), now);
            } else {
                throw new IllegalStateException("Reservation of " + orderId + " is " + status + " and holds nothing");
            }
        }
        moveTo(ReservationStatus.RELEASED, now);
    }

    void commit(Map<String, Stock> stock, Instant now) {
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalStateException("Reservation of " + orderId + " is " + status + ", not RESERVED");
        }
        lines.forEach(line -> stock.get(line.sku()).commitReserved(line.quantity(), now));
        moveTo(ReservationStatus.COMMITTED, now);
    }

    public boolean holdsUnits() {
        return status == ReservationStatus.RESERVED || status == ReservationStatus.COMMITTED;
    }

    public String orderId() {
        return orderId;
    }

    public ReservationStatus status() {
        return status;
    }

    public List<Line> lines() {
        return lines.stream().map(l -> new Line(l.sku(), l.quantity())).toList();
    }

    /** The lines that did not fit, if the reservation was rejected. */
    public List<Unavailable> unavailable() {
        return lines.stream().filter(l -> l.availableWhenRejected() != null)
                .map(l -> new Unavailable(l.sku(), l.quantity(), l.availableWhenRejected())).toList();
    }

    public List<String> skus() {
        return lines.stream().map(ReservationLine::sku).toList();
    }

    private void moveTo(ReservationStatus next, Instant now) {
        status = next;
        updatedAt = now.atOffset(ZoneOffset.UTC);
    }
}
