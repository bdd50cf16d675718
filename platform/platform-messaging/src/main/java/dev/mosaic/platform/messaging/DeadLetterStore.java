package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Keeps this service's dead letters (announced by the consumer runner) for listing and redrive. */
@ApplicationScoped
public class DeadLetterStore {

    public static final String DEAD = "DEAD";
    public static final String REDRIVEN = "REDRIVEN";

    /** A stored dead letter as the admin API shows it. */
    public record Entry(long id, String topic, int partition, long offset, String key, String eventId, String eventType,
                        String source, String subject, String error, String errorClass, int attempts, String status,
                        Instant failedAt, Instant redrivenAt, String data) {
    }

    private static final String COLUMNS = "id, topic, partition_no, record_offset, record_key, event_id, event_type, "
            + "source, subject, error, error_class, attempts, status, failed_at, redriven_at, data, event_time, "
            + "content_type, extensions";

    @PersistenceContext
    EntityManager em;

    /**
     * Keeps {@code letter}, unless this store has it already: the same event (source and id) from the same topic, or (for a
     * message that was no CloudEvent) the same record. A dead letter delivered twice is kept once.
     *
     * @return false when it was kept already
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean insert(DeadLetter letter) {
        CloudEvent event = letter.event();
        if (kept(letter)) {
            return false;
        }
        em.createNativeQuery("insert into mosaic_dead_letter (topic, partition_no, record_offset, record_key, event_id, "
                        + "event_type, source, subject, event_time, content_type, extensions, data, error, error_class, "
                        + "attempts, status, failed_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                        + "?14, ?15, ?16, ?17)")
                .setParameter(1, letter.topic())
                .setParameter(2, letter.partition())
                .setParameter(3, letter.offset())
                .setParameter(4, letter.key())
                .setParameter(5, event == null ? null : event.id())
                .setParameter(6, event == null ? null : event.type())
                .setParameter(7, event == null ? null : event.source())
                .setParameter(8, event == null ? null : event.subject())
                .setParameter(9, event == null || event.time() == null ? null : event.time().toString())
                .setParameter(10, event == null ? null : event.dataContentType())
                .setParameter(11, event == null ? null : Extensions.write(event.extensions()))
                .setParameter(12, letter.rawValue() == null ? "" : new String(letter.rawValue(), StandardCharsets.UTF_8))
                .setParameter(13, truncate(letter.error(), 4000))
                .setParameter(14, truncate(letter.errorClass(), 300))
                .setParameter(15, letter.attempts())
                .setParameter(16, DEAD)
                .setParameter(17, Timestamp.from(letter.failedAt()))
                .executeUpdate();
        return true;
    }

    private boolean kept(DeadLetter letter) {
        var query = letter.event() != null
                ? em.createNativeQuery("select count(*) from mosaic_dead_letter where topic = ?1 and event_id = ?2 "
                                + "and source = ?3")
                        .setParameter(1, letter.topic()).setParameter(2, letter.event().id())
                        .setParameter(3, letter.event().source())
                : letter.partition() >= 0
                        ? em.createNativeQuery("select count(*) from mosaic_dead_letter where topic = ?1 and partition_no = ?2 "
                                + "and record_offset = ?3 and event_id is null")
                                .setParameter(1, letter.topic()).setParameter(2, letter.partition()).setParameter(3, letter.offset())
                        : null;
        return query != null && ((Number) query.getSingleResult()).longValue() > 0;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Entry> list(Optional<String> status, int limit) {
        var query = status.isPresent()
                ? em.createNativeQuery("select " + COLUMNS + " from mosaic_dead_letter where status = ?1 order by id")
                        .setParameter(1, status.get())
                : em.createNativeQuery("select " + COLUMNS + " from mosaic_dead_letter order by id");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setMaxResults(limit).getResultList();
        return rows.stream().map(DeadLetterStore::entry).toList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Entry> find(long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from mosaic_dead_letter where id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(DeadLetterStore::entry);
    }

    /** The event of a dead letter, rebuilt for redrive; empty when the message was never a CloudEvent. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<CloudEvent> event(long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from mosaic_dead_letter where id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().filter(r -> r[5] != null).map(r -> new CloudEvent((String) r[5],
                (String) r[7], (String) r[6], (String) r[8], r[16] == null ? null : OffsetDateTime.parse((String) r[16]),
                (String) r[17], ((String) r[15]).getBytes(StandardCharsets.UTF_8), Extensions.read((String) r[18])));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markRedriven(long id) {
        em.createNativeQuery("update mosaic_dead_letter set status = ?1, redriven_at = ?2 where id = ?3")
                .setParameter(1, REDRIVEN).setParameter(2, Timestamp.from(Instant.now())).setParameter(3, id)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailedRedrive(long id, RuntimeException error) {
        em.createNativeQuery("update mosaic_dead_letter set attempts = attempts + 1, error = ?1, error_class = ?2 "
                        + "where id = ?3")
                .setParameter(1, truncate(String.valueOf(error.getMessage()), 4000))
                .setParameter(2, error.getClass().getName()).setParameter(3, id).executeUpdate();
    }

    /** Removes letters redriven before {@code cutoff}; unresolved ({@link #DEAD}) letters are never removed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteRedrivenBefore(Instant cutoff) {
        return em.createNativeQuery("delete from mosaic_dead_letter where status = ?1 and redriven_at < ?2")
                .setParameter(1, REDRIVEN).setParameter(2, Timestamp.from(cutoff)).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long count(String status) {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_dead_letter where status = ?1")
                .setParameter(1, status).getSingleResult()).longValue();
    }

    private static Entry entry(Object[] r) {
        return new Entry(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).intValue(),
                ((Number) r[3]).longValue(), (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                (String) r[9], (String) r[10], ((Number) r[11]).intValue(), (String) r[12], instant(r[13]),
                instant(r[14]), (String) r[15]);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case java.time.ZonedDateTime z -> z.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
