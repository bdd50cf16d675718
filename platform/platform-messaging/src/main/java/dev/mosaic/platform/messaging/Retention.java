package dev.mosaic.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes platform rows that have served their purpose, so the outbox, inbox and dead-letter tables do not grow
 * forever. Run by the outbox relay's thread every ten minutes, beside its publishing (so not when the relay is off).
 * <ul>
 *     <li>outbox: rows published more than {@code mosaic.outbox.retention-hours} ago (default 24);</li>
 *     <li>inbox: events handled more than {@code mosaic.inbox.retention-days} ago (default 7). The inbox only has to
 *         remember an event as long as a copy of it can still arrive: Kafka's default topic retention is 7 days, and
 *         a redelivery comes from the uncommitted tail, not from a week back. Raise it with the topics' retention;</li>
 *     <li>dead letters: only those already redriven, more than {@code mosaic.dead-letters.retention-days} after the
 *         redrive (default 30), kept that long to answer "what happened to this event". An unresolved ({@code DEAD})
 *         letter is never removed, however old: it is work someone still has to do, and dropping it silently would
 *         lose the event; it stays listed, counted in {@code mosaic_dead_letters}, until redriven.</li>
 * </ul>
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    /** Rows removed by one pass. */
    public record Pruned(int outbox, int inbox, int deadLetters) {
    }

    private final OutboxStore outbox;
    private final Inbox inbox;
    private final DeadLetterStore deadLetters;
    private final Duration outboxRetention;
    private final Duration inboxRetention;
    private final Duration deadLetterRetention;

    @Inject
    public Retention(OutboxStore outbox, Inbox inbox, DeadLetterStore deadLetters,
                     @ConfigProperty(name = "mosaic.outbox.retention-hours", defaultValue = "24") long outboxHours,
                     @ConfigProperty(name = "mosaic.inbox.retention-days", defaultValue = "7") long inboxDays,
                     @ConfigProperty(name = "mosaic.dead-letters.retention-days", defaultValue = "30") long deadLetterDays) {
        this.outbox = outbox;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.outboxRetention = Duration.ofHours(outboxHours);
        this.inboxRetention = Duration.ofDays(inboxDays);
        this.deadLetterRetention = Duration.ofDays(deadLetterDays);
    }

    /** Removes what is older than its retention at {@code now}; each table in its own short transaction. */
    public Pruned prune(Instant now) {
        Pruned pruned = new Pruned(outbox.deletePublishedBefore(now.minus(outboxRetention)),
                inbox.deleteHandledBefore(now.minus(inboxRetention)),
                deadLetters.deleteRedrivenBefore(now.minus(deadLetterRetention)));
        if (pruned.outbox() + pruned.inbox() + pruned.deadLetters() > 0) {
            LOG.fine(() -> "Pruned " + pruned);
        }
        return pruned;
    }
}
