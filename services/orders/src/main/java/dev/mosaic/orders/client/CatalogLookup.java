package dev.mosaic.orders.client;

import java.util.Optional;
import java.util.logging.Logger;

import dev.mosaic.orders.domain.Money;
import dev.mosaic.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks catalog for the price of a product orders has not replicated yet. The answer is not written into the
 * replica: that belongs to catalog's events (newest fact wins), and concurrent orders for one new sku would
 * otherwise race to insert the same row.
 * Guarded so that a sick catalog costs a customer at most about a second and then a clear 503.
 */
@ApplicationScoped
public class CatalogLookup {

    private static final Logger LOG = Logger.getLogger(CatalogLookup.class.getName());

    private final CatalogClient catalog;

    @Inject
    public CatalogLookup(@RestClient CatalogClient catalog) {
        this.catalog = catalog;
    }

    /** The price of {@code sku}, or empty when catalog says there is no such product. */
    // catalog answers a product in a few ms; 1 s means it is sick, and the customer is waiting.
    @Timeout(1000)
    // One retry rides out a restart blip; never retry into an open circuit.
    @Retry(maxRetries = 1, delay = 100, abortOn = CircuitBreakerOpenException.class)
    // Half of ten calls failing: stop asking for 5 s instead of making every order wait for a timeout.
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "unavailable")
    public Optional<Money> price(String sku) {
        try (Response response = catalog.product(sku)) {
            if (response.getStatus() == 404) {
                return Optional.empty();
            }
            if (response.getStatus() != 200) {
                throw new IllegalStateException("catalog answered " + response.getStatus() + " for product " + sku);
            }
            CatalogClient.Product product = response.readEntity(CatalogClient.Product.class);
            Money price = new Money(product.price().amount(), product.price().currency());
            return Optional.of(price);
        }
    }

    Optional<Money> unavailable(String sku) {
        // A @Timeout ends the call by interrupting this thread. The interrupt must not outlive the call: the
        // request goes on to use the database, and an interrupted thread loses its pooled connection mid-way.
        Thread.interrupted();
        LOG.warning("No price for " + sku + ": it is not replicated yet and catalog did not answer");
        throw ProblemException.unavailable("The price of " + sku + " is not known yet and catalog is unavailable; "
                + "retry in a few seconds", 5);
    }
}
