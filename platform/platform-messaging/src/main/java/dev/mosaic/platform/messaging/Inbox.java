package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.Base64;
import java.time.Instant;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.IdempotencyGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The idempotent-consumer guard: records {@code (source, id)} of each handled event in the handler's own
 * transaction. A redelivered event finds its row and is skipped; two racing deliveries collide on the primary
 * key and the loser's transaction rolls back, to be skipped on its retry.
 * <p>
 * CloudEvents sets no length limit on {@code source} or {@code id}, but the key columns have one (200 and 64): a
 * longer value is stored as a SHA-256 digest of it ({@code sha256:<base64url>}), which identifies it as well, so such
 * an event is handled (and redriven) like any other instead of failing on every attempt. The type is only kept for
 * inspection and is cut to its column.
 */
@ApplicationScoped
public class Inbox implements IdempotencyGuard {

    /** The widths of mosaic_inbox's columns (db/platform/V1). */
    private static final int SOURCE_WIDTH = 200;
    private static final int ID_WIDTH = 64;
    private static final int TYPE_WIDTH = 200;

    @PersistenceContext
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean runOnce(CloudEvent event, Runnable handler) {
        // One statement both asks and claims: no row is inserted for an event that has one (a duplicate). Two
        // deliveries racing past the check collide on the primary key, as before.
        int claimed = em.createNativeQuery("insert into mosaic_inbox (source, event_id, event_type, handled_at) "
                        + "select ?1, ?2, ?3, ?4 where not exists "
                        + "(select 1 from mosaic_inbox where source = ?5 and event_id = ?6)")
                .setParameter(1, key(event.source(), SOURCE_WIDTH)).setParameter(2, key(event.id(), ID_WIDTH))
                .setParameter(3, event.type().length() <= TYPE_WIDTH ? event.type() : event.type().substring(0, TYPE_WIDTH))
                .setParameter(4, Timestamp.from(Instant.now()))
                .setParameter(5, key(event.source(), SOURCE_WIDTH)).setParameter(6, key(event.id(), ID_WIDTH))
                // It reads only the inbox, which no entity maps: the changes pending in the unit of work (those of
                // earlier events of a batch) are written at commit, not flushed here first.
                .setFlushMode(FlushModeType.COMMIT)
                .executeUpdate();
        if (claimed == 0) {
            return false;
        }
        handler.run();
        return true;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void together(Runnable work) {
        work.run();
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean handled(CloudEvent event) {
        return seen(event);
    }

    /** Forgets events handled before {@code cutoff}; see {@link Retention} for how long they must be remembered. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteHandledBefore(Instant cutoff) {
        return em.createNativeQuery("delete from mosaic_inbox where handled_at < ?1")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }

    private boolean seen(CloudEvent event) {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_inbox where source = ?1 and event_id = ?2")
                .setParameter(1, key(event.source(), SOURCE_WIDTH)).setParameter(2, key(event.id(), ID_WIDTH))
                .getSingleResult()).longValue() > 0;
    }

    /** The value itself when it fits its column, else its digest (52 characters, fits both key columns). */
    static String key(String value, int width) {
        if (value.length() <= width) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
