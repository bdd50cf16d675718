package dev.mosaic.orders.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.mosaic.orders.domain.Money;
import dev.mosaic.orders.persistence.PriceReplica;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.EventHandler;
import dev.mosaic.platform.events.InvalidEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps the price replica current from catalog.events (product created, price changed). */
public final class PriceHandlers {

    private PriceHandlers() {
    }

    /** The fields orders reads from both catalog events (own copy; tolerant reader). */
    public record ProductPriced(String sku, Money price) {
    }

    abstract static class Base implements EventHandler<ProductPriced> {
        @Inject
        PriceReplica replica;

        @Override
        public Class<ProductPriced> payloadType() {
            return ProductPriced.class;
        }

        @Override
        public void handle(ProductPriced fact, CloudEvent event) {
            if (fact.sku() == null || fact.price() == null || fact.price().currency() == null) {
                throw new InvalidEventException(event + " carries no sku or price");
            }
            if (fact.price().amount() <= 0) {
                // The catalog refuses such prices; one that arrives anyway must not make products orderable that
                // payments would refuse to charge.
                throw new InvalidEventException(event + " carries a price of " + fact.price().amount()
                        + "; prices must be greater than 0");
            }
            OffsetDateTime asOf = event.time() != null ? event.time() : OffsetDateTime.now(ZoneOffset.UTC);
            replica.apply(fact.sku(), fact.price(), asOf);
        }
    }

    @ApplicationScoped
    public static class ProductCreated extends Base {
        @Override
        public String type() {
            return "dev.mosaic.product.created.v1";
        }

        @Override
        public String topic() {
            return "catalog.events";
        }
    }

    @ApplicationScoped
    public static class PriceChanged extends Base {
        @Override
        public String type() {
            return "dev.mosaic.product.price-changed.v1";
        }

        @Override
        public String topic() {
            return "catalog.events";
        }
    }
}
