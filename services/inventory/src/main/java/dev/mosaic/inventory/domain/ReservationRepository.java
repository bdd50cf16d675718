package dev.mosaic.inventory.domain;

import java.util.Optional;

/**
 * Reservations, keyed by order id, in the inventory's own database. The domain's port: the domain says what it
 * needs, persistence (JPA) provides it.
 */
public interface ReservationRepository {

    Optional<Reservation> find(String orderId);

    /**
     * Finds and locks the reservation for the rest of the transaction, so two operations on one order run one after
     * the other.
     */
    Optional<Reservation> lock(String orderId);

    /**
     * Inserts a new reservation now rather than at commit, so that a concurrent first operation on the same
     * order (the only way two inserts can meet) fails here as a retryable conflict.
     */
    void add(Reservation reservation);
}
