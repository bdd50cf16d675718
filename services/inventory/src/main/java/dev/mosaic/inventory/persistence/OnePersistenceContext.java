package dev.mosaic.inventory.persistence;

import java.util.logging.Logger;

import dev.mosaic.platform.outbox.Inbox;
import dev.mosaic.platform.outbox.Outbox;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Makes every bean that writes in the inventory's transactions use one persistence context, so that a stock
 * change, its reservation, its outbox event and its inbox record go through one connection and commit together.
 * <p>
 * Why this is needed: Helidon 4.1.6 keys the transaction's EntityManager by the injected {@code JtaEntityManager}
 * instance, and beans created on different threads get different instances. A bean first used on a request
 * thread would then write through a second connection, turning each transaction into a two-phase commit over
 * two local (non-XA) connections: not atomic across a crash, twice the pooled connections, and a transaction log
 * write per request. Creating all of them here, on the start-up thread, gives them the same instance.
 */
@ApplicationScoped
class OnePersistenceContext {

    private static final Logger LOG = Logger.getLogger(OnePersistenceContext.class.getName());

    // After the migrations, before the Kafka consumer and the web server start handing out work.
    void createWritersTogether(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @Initialized(ApplicationScoped.class)
                               Object ignored, StockRepository stock, ReservationRepository reservations, Outbox outbox,
                               Inbox inbox) {
        // toString() through the client proxies creates the application-scoped instances now, on this thread
        // (hashCode() would not: the proxy answers it itself).
        String writers = String.join(", ", stock.toString(), reservations.toString(), outbox.toString(), inbox.toString());
        LOG.fine(() -> "One persistence context for " + writers);
    }
}
