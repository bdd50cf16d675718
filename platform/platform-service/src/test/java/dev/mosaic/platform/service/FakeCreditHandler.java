package dev.mosaic.platform.service;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.EventHandler;
import dev.mosaic.platform.core.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Handler of the test application: adds a credit to the ledger. Subjects listed in {@link #BROKEN} fail,
 * as a handler does while a bug or a missing dependency is not fixed.
 */
@ApplicationScoped
public class FakeCreditHandler implements EventHandler<FakeCreditHandler.Credit> {

    static final String TYPE = "dev.mosaic.test.ledger.credit.v1";
    static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    /** Accounts whose handling fails with an error no retry survives, as a broken deployment does. */
    static final Set<String> FATAL = ConcurrentHashMap.newKeySet();
    static final AtomicInteger CALLS = new AtomicInteger();
    /** Accounts whose handling takes a second, as a slow dependency does: what arrives meanwhile waits in the topic. */
    static final Set<String> SLOW = ConcurrentHashMap.newKeySet();
    /**
     * Accounts closed for good: a credit to one can change nothing, which the handler tells before any transaction
     * ({@link #settled}).
     */
    static final Set<String> CLOSED = ConcurrentHashMap.newKeySet();
    /** The transaction each event was handled in, by event id. */
    static final Map<String, Object> TRANSACTIONS = new ConcurrentHashMap<>();
    /** The correlation ids each event was handled in, by event id. */
    static final Map<String, RequestContext.Ids> CONTEXTS = new ConcurrentHashMap<>();

    /** The handler's own copy of the payload. */
    public record Credit(String account, Integer amount) {
    }

    @Inject
    FakeLedger ledger;
    @Inject
    TransactionSynchronizationRegistry transactions;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return "ledger.commands";
    }

    @Override
    public Class<Credit> payloadType() {
        return Credit.class;
    }

    @Override
    public boolean checksSettled() {
        return true;
    }

    @Override
    public boolean settled(Credit credit, CloudEvent event) {
        // Asked outside any transaction: the dispatcher must not have begun one for a settled event.
        if (transactions.getTransactionKey() != null) {
            throw new IllegalStateException("settled(" + event + ") asked inside a transaction");
        }
        return CLOSED.contains(credit.account());
    }

    @Override
    public void handle(Credit credit, CloudEvent event) {
        CALLS.incrementAndGet();
        RequestContext.current().ifPresent(ids -> CONTEXTS.put(event.id(), ids));
        if (FATAL.contains(credit.account())) {
            throw new NoClassDefFoundError("dev/mosaic/test/MissingFromTheImage");
        }
        if (SLOW.contains(credit.account())) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofSeconds(1).toNanos());
        }
        Object transaction = transactions.getTransactionKey();
        if (transaction != null) {
            TRANSACTIONS.put(event.id(), transaction);
        }
        if (BROKEN.contains(credit.account())) {
            throw new IllegalStateException("account " + credit.account() + " is locked");
        }
        ledger.apply(event.id(), credit.account(), credit.amount());
    }
}
