package dev.mosaic.inventory.persistence;

import java.util.Optional;

import dev.mosaic.inventory.domain.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

/** Reservations, keyed by order id, in the inventory's own database. */
@ApplicationScoped
public class ReservationRepository {

    // The unnamed unit, as the platform's outbox and inbox inject it: naming it would select another
    // EntityManager, hence another connection per transaction (see OnePersistenceContext).
    @PersistenceContext
    EntityManager em;

    public Optional<Reservation> find(String orderId) {
        return Optional.ofNullable(em.find(Reservation.class, orderId));
    }

    /** Finds and locks the reservation for the rest of the transaction, so two operations on one order run one after the other. */
    public Optional<Reservation> lock(String orderId) {
        try {
            return Optional.ofNullable(em.find(Reservation.class, orderId, LockModeType.PESSIMISTIC_WRITE));
        } catch (PersistenceException e) {
            throw Contention.translate(e, "reservation of order " + orderId);
        }
    }

    /**
     * Inserts a new reservation now rather than at commit, so that a concurrent first operation on the same
     * order (the only way two inserts can meet) fails here as a retryable conflict.
     */
    public void add(Reservation reservation) {
        try {
            em.persist(reservation);
            em.flush();
        } catch (PersistenceException e) {
            throw Contention.translate(e, "reservation of order " + reservation.orderId());
        }
    }
}
