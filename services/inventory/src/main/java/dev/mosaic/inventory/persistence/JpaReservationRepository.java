package dev.mosaic.inventory.persistence;

import java.util.Optional;

import dev.mosaic.inventory.domain.Reservation;
import dev.mosaic.inventory.domain.ReservationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

/** The domain's {@link ReservationRepository} on JPA. */
@ApplicationScoped
public class JpaReservationRepository implements ReservationRepository {

    // The unnamed unit, as the platform's outbox and inbox inject it: naming it would select another
    // EntityManager, hence another connection per transaction (see OnePersistenceContext).
    @PersistenceContext
    EntityManager em;

    @Override
    public Optional<Reservation> find(String orderId) {
        return Optional.ofNullable(em.find(Reservation.class, orderId));
    }

    @Override
    public Optional<Reservation> lock(String orderId) {
        try {
            return Optional.ofNullable(em.find(Reservation.class, orderId, LockModeType.PESSIMISTIC_WRITE));
        } catch (PersistenceException e) {
            throw Contention.translate(e, "reservation of order " + orderId);
        }
    }

    @Override
    public void add(Reservation reservation) {
        try {
            em.persist(reservation);
            em.flush();
        } catch (PersistenceException e) {
            throw Contention.translate(e, "reservation of order " + reservation.orderId());
        }
    }
}
