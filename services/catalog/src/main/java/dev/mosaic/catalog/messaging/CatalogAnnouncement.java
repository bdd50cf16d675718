package dev.mosaic.catalog.messaging;

import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.catalog.domain.CatalogService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * At startup, announces on {@code catalog.events} every product that never was (the demo catalog): the services
 * that replicate catalog facts (orders' prices) learn them from events like any later product, instead of asking
 * catalog synchronously for each order.
 */
@ApplicationScoped
public class CatalogAnnouncement {

    private static final Logger LOG = Logger.getLogger(CatalogAnnouncement.class.getName());

    private final CatalogService catalog;

    @Inject
    public CatalogAnnouncement(CatalogService catalog) {
        this.catalog = catalog;
    }

    void announce(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            int announced = catalog.announcePending();
            if (announced > 0) {
                LOG.info("Announced " + announced + " products on " + OutboxProductEvents.TOPIC + " that had never been "
                        + "announced (product.created through the outbox)");
            }
        } catch (RuntimeException e) {
            // The catalog serves without it; consumers ask for unknown prices meanwhile. The next start tries again.
            LOG.log(Level.WARNING, "Could not announce the products not yet announced on " + OutboxProductEvents.TOPIC
                    + " (" + e + "); orders will ask catalog for their prices until catalog restarts and succeeds", e);
        }
    }
}
