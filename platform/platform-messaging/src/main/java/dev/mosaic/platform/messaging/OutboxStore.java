package dev.mosaic.platform.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import dev.mosaic.platform.messaging.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** The relay's reads and writes of the outbox table, each in its own short transaction. */
@ApplicationScoped
public class OutboxStore {

    /** One stored event waiting for publication. */
    public record Pending(long id, String topic, CloudEvent event) {
    }

    @PersistenceContext
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Pending> pending(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, topic, event_id, event_type, source, subject, "
                        + "event_time, content_type, extensions, data from mosaic_outbox "
                        + "where published_at is null order by id")
                .setMaxResults(limit)
                .getResultList();
        return rows.stream().map(r -> new Pending(((Number) r[0]).longValue(), (String) r[1],
                new CloudEvent((String) r[2], (String) r[4], (String) r[3], (String) r[5],
                        OffsetDateTime.parse((String) r[6]), (String) r[7],
                        ((String) r[9]).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Extensions.read((String) r[8])))).toList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markPublished(List<Long> ids) {
        Timestamp now = Timestamp.from(Instant.now());
        for (Long id : ids) {
            em.createNativeQuery("update mosaic_outbox set published_at = ?1 where id = ?2")
                    .setParameter(1, now).setParameter(2, id).executeUpdate();
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailure(long id, String error) {
        em.createNativeQuery("update mosaic_outbox set attempts = attempts + 1, last_error = ?1 where id = ?2")
                .setParameter(1, error.length() > 2000 ? error.substring(0, 2000) : error)
                .setParameter(2, id).executeUpdate();
    }

    /** Published rows are kept a while for inspection, then removed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deletePublishedBefore(Instant cutoff) {
        return em.createNativeQuery("delete from mosaic_outbox where published_at is not null and published_at < ?1")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long backlog() {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_outbox where published_at is null")
                .getSingleResult()).longValue();
    }
}
