package dev.mosaic.platform.outbox;

import java.sql.Timestamp;
import java.time.Instant;

import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.IdempotencyGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The idempotent-consumer guard: records {@code (source, id)} of each handled event in the handler's own
 * transaction. A redelivered event finds its row and is skipped; two racing deliveries collide on the primary
 * key and the loser's transaction rolls back, to be skipped on its retry.
 */
@ApplicationScoped
public class Inbox implements IdempotencyGuard {

    @PersistenceContext
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean runOnce(CloudEvent event, Runnable handler) {
        if (seen(event)) {
            return false;
        }
        em.createNativeQuery("insert into mosaic_inbox (source, event_id, event_type, handled_at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, event.source()).setParameter(2, event.id()).setParameter(3, event.type())
                .setParameter(4, Timestamp.from(Instant.now()))
                .executeUpdate();
        handler.run();
        return true;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean handled(CloudEvent event) {
        return seen(event);
    }

    private boolean seen(CloudEvent event) {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_inbox where source = ?1 and event_id = ?2")
                .setParameter(1, event.source()).setParameter(2, event.id()).getSingleResult()).longValue() > 0;
    }
}
