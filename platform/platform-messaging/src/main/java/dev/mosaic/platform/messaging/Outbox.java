package dev.mosaic.platform.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.mosaic.platform.data.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The transactional outbox: an event is stored in the caller's transaction, next to the change it describes,
 * and handed to the {@link OutboxRelay} once that transaction commits. A rolled-back change publishes nothing;
 * a committed one is published even if the process dies right after the commit (the relay's sweep finds it).
 * Storing the event does not flush the caller's changes: a change the database refuses fails the commit, and the
 * event goes with it.
 */
@ApplicationScoped
public class Outbox {

    @PersistenceContext
    EntityManager em;

    private final AfterCommit afterCommit;
    private final OutboxRelay relay;

    @Inject
    public Outbox(AfterCommit afterCommit, OutboxRelay relay) {
        this.afterCommit = afterCommit;
        this.relay = relay;
    }

    /** Stores {@code event} for {@code topic}; must run inside the transaction that makes the change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, CloudEvent event) {
        OffsetDateTime time = event.time() != null ? event.time() : OffsetDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("insert into mosaic_outbox (event_id, topic, event_key, event_type, source, subject, "
                        + "event_time, content_type, extensions, data, created_at, attempts) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)")
                .setParameter(1, event.id())
                .setParameter(2, topic)
                .setParameter(3, event.subject())
                .setParameter(4, event.type())
                .setParameter(5, event.source())
                .setParameter(6, event.subject())
                .setParameter(7, time.toString())
                .setParameter(8, event.dataContentType())
                .setParameter(9, Extensions.write(event.extensions()))
                .setParameter(10, event.dataAsString())
                .setParameter(11, Timestamp.from(Instant.now()))
                // The insert reads nothing, so the caller's pending changes need not reach the database before it: they
                // are written once, at commit, in the same database transaction (JPA's default would flush them here,
                // and compute the unit of work's changes once more at commit).
                .setFlushMode(FlushModeType.COMMIT)
                .executeUpdate();
        afterCommit.run(relay::wake);
    }
}
