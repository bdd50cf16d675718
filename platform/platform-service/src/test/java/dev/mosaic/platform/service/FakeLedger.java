package dev.mosaic.platform.service;

import java.util.List;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** A tiny domain service of the test application: writes a row and an outbox event in one transaction. */
@ApplicationScoped
public class FakeLedger {

    static final String TOPIC = "ledger.events";
    static final String RECORDED = "dev.mosaic.test.ledger.recorded.v1";

    @PersistenceContext
    EntityManager em;

    @Inject
    Outbox outbox;

    @Transactional
    public void record(String id, String note) {
        em.createNativeQuery("insert into ledger_entry (id, note) values (?1, ?2)")
                .setParameter(1, id).setParameter(2, note).executeUpdate();
        outbox.publish(TOPIC, CloudEvent.create("/test/ledger", RECORDED, id, "{\"id\":\"" + id + "\"}"));
    }

    /** Persists the row as an entity, then stores the event about {@code subject}: the row reaches the database at commit. */
    @Transactional
    public void note(String id, String note, String subject) {
        em.persist(new LedgerNote(id, note));
        outbox.publish(TOPIC, CloudEvent.create("/test/ledger", RECORDED, subject, "{\"id\":\"" + id + "\"}"));
    }

    /** Writes the row and the event, then fails: the transaction rolls back, taking the event with it. */
    @Transactional
    public void recordThenFail(String id, String note) {
        record(id, note);
        throw new IllegalStateException("simulated failure after writing " + id);
    }

    @Transactional
    public boolean exists(String id) {
        return !em.createNativeQuery("select id from ledger_entry where id = ?1").setParameter(1, id)
                .getResultList().isEmpty();
    }

    @Transactional
    public long outboxRows(String subject) {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_outbox where subject = ?1")
                .setParameter(1, subject).getSingleResult()).longValue();
    }

    @Transactional
    public int applied(String subject) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select amount from ledger_applied where subject = ?1")
                .setParameter(1, subject).getResultList();
        return rows.stream().mapToInt(r -> ((Number) r).intValue()).sum();
    }

    @Transactional
    public long inboxRows(String eventId) {
        return ((Number) em.createNativeQuery("select count(*) from mosaic_inbox where event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue();
    }

    @Transactional
    public void apply(String eventId, String subject, int amount) {
        em.createNativeQuery("insert into ledger_applied (event_id, subject, amount) values (?1, ?2, ?3)")
                .setParameter(1, eventId).setParameter(2, subject).setParameter(3, amount).executeUpdate();
    }
}
