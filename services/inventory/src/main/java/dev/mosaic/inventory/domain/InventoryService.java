package dev.mosaic.inventory.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.platform.core.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The inventory's use cases, each one transaction whose events commit (or not) with it. gRPC (orders' synchronous
 * reserve), the Kafka handlers (orders' queued reserve, its confirmed and cancelled facts) and the admin REST API all
 * call these methods, so every path has the same idempotency: a reservation is keyed by its
 * order id, and an operation repeated on it answers its current state and changes (and publishes) nothing.
 * <p>
 * Locks: the reservation row first, then stock rows in sku order, in every operation; transactions that share
 * skus queue up on the rows instead of overselling or deadlocking.
 */
@ApplicationScoped
public class InventoryService {

    private final StockRepository stock;
    private final ReservationRepository reservations;
    private final ReservationEvents events;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public InventoryService(StockRepository stock, ReservationRepository reservations, ReservationEvents events) {
        this.stock = stock;
        this.reservations = reservations;
        this.events = events;
    }

    /**
     * Reserves every line or none. A known order (including a released tombstone) is answered as it is.
     * An unknown sku cannot be reserved: the reservation is rejected with that sku unavailable (0 available).
     */
    @Transactional
    public Reservation reserve(String orderId, List<Line> lines) {
        ReserveCommand command = ReserveCommand.of(orderId, lines);
        // Locked even when it does not exist yet (nearly always): the locking read begins EclipseLink's transaction on
        // the connection every later statement uses. A plain read first goes through a connection of its own, which
        // a JTA transaction then holds to its end: two per reserve, and twenty concurrent reserves on PostgreSQL timed
        // out waiting for the pool (ReservationsIT, concurrentReservesNeverOversellTheLastUnits).
        Optional<Reservation> existing = reservations.lock(orderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<String, Stock> rows = stock.lock(command.lines().stream().map(Line::sku).toList());
        // A reserve of the same order that held these rows before us has committed by now: answer it.
        // (A plain read: locking the reservation after stock rows would reverse the lock order.)
        existing = reservations.find(orderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Unavailable> unavailable = new ArrayList<>();
        for (Line line : command.lines()) {
            Stock s = rows.get(line.sku());
            if (s == null || !s.covers(line.quantity())) {
                unavailable.add(new Unavailable(line.sku(), line.quantity(), s == null ? 0 : s.available()));
            }
        }
        Instant now = Instant.now(clock);
        Reservation reservation;
        if (unavailable.isEmpty()) {
            reservation = Reservation.reserve(orderId, command.lines(), rows, now);
            reservations.add(reservation);
            events.reserved(reservation);
        } else {
            reservation = Reservation.reject(orderId, command.lines(), unavailable, now);
            reservations.add(reservation);
            events.rejected(reservation);
        }
        return reservation;
    }

    /**
     * The reserve asked by a command (orders' asynchronous path). A command repeating the reserve of a known
     * order is orders asking again because it got no answer (the answer, or orders' memory of it, was lost):
     * the reservation's current state is announced once more. Consumers take that as a duplicate if they had it.
     */
    @Transactional
    public Reservation reserveAsked(String orderId, List<Line> lines) {
        Optional<Reservation> known = reservations.find(orderId);
        if (known.isEmpty()) {
            return reserve(orderId, lines);
        }
        Reservation reservation = known.get();
        switch (reservation.status()) {
            case RESERVED -> events.reserved(reservation);
            case REJECTED -> events.rejected(reservation);
            case RELEASED -> events.released(reservation);
            case COMMITTED -> events.committed(reservation);
        }
        return reservation;
    }

    /**
     * Gives a reserved or committed order's units back to available, exactly once. An unknown order gets a
     * {@code RELEASED} tombstone, so a reserve that arrives after the release holds nothing.
     * Rejected and released reservations hold nothing and are answered as they are.
     */
    @Transactional
    public Reservation release(String orderId) {
        ReserveCommand.checkOrderId(orderId);
        Optional<Reservation> found = reservations.lock(orderId);
        Instant now = Instant.now(clock);
        if (found.isEmpty()) {
            Reservation tombstone = Reservation.tombstone(orderId, now);
            reservations.add(tombstone);
            events.released(tombstone);
            return tombstone;
        }
        Reservation reservation = found.get();
        if (reservation.holdsUnits()) {
            reservation.release(stock.lock(reservation.skus()), now);
            events.released(reservation);
        }
        return reservation;
    }

    /** Turns a reservation into a sale: reserved units become committed. Anything but {@code RESERVED} is answered as it is. */
    @Transactional
    public Reservation commit(String orderId) {
        ReserveCommand.checkOrderId(orderId);
        Reservation reservation = reservations.lock(orderId)
                .orElseThrow(() -> DomainException.notFound("reservation of order", orderId));
        if (reservation.status() == ReservationStatus.RESERVED) {
            reservation.commit(stock.lock(reservation.skus()), Instant.now(clock));
            events.committed(reservation);
        }
        return reservation;
    }

    @Transactional
    public Stock stock(String sku) {
        return stock.find(sku).orElseThrow(() -> DomainException.notFound("sku", sku));
    }

    /** Sets the units available of a sku, creating the sku if it is new; what orders hold is untouched. */
    @Transactional
    public Stock setAvailable(String sku, int units) {
        Instant now = Instant.now(clock);
        Stock row = stock.lock(List.of(sku)).get(sku);
        if (row == null) {
            row = new Stock(sku, units, now);
            stock.add(row);
        } else {
            row.setAvailable(units, now);
        }
        return row;
    }
}
