package dev.mosaic.catalog.messaging;

import dev.mosaic.catalog.domain.Money;
import dev.mosaic.catalog.domain.Product;
import dev.mosaic.catalog.domain.ProductEvents;
import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Publishes catalog facts to {@code catalog.events} through the outbox (schemas in docs/events/). */
@ApplicationScoped
public class OutboxProductEvents implements ProductEvents {

    public static final String TOPIC = "catalog.events";
    public static final String SOURCE = "/mosaic/catalog";
    public static final String CREATED = "dev.mosaic.product.created.v1";
    public static final String PRICE_CHANGED = "dev.mosaic.product.price-changed.v1";

    private static final Jsonb JSON = JsonbBuilder.create();

    /** Payload of {@value #CREATED}. */
    public record ProductCreated(String sku, String name, String category, Money price) {
    }

    /** Payload of {@value #PRICE_CHANGED}. */
    public record ProductPriceChanged(String sku, Money previousPrice, Money price) {
    }

    private final Outbox outbox;

    @Inject
    public OutboxProductEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void created(Product product) {
        publish(CREATED, product.sku(), new ProductCreated(product.sku(), product.name(), product.category(), product.price()));
    }

    @Override
    public void priceChanged(Product product, Money previousPrice) {
        publish(PRICE_CHANGED, product.sku(), new ProductPriceChanged(product.sku(), previousPrice, product.price()));
    }

    private void publish(String type, String sku, Object payload) {
        outbox.publish(TOPIC, CloudEvent.create(SOURCE, type, sku, JSON.toJson(payload)));
    }
}
