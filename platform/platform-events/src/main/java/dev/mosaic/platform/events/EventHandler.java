package dev.mosaic.platform.events;

/**
 * Handles one CloudEvent type. Services implement it as a one-line adapter into their domain and make it a
 * CDI bean; both delivery paths (Kafka poll and HTTP push) reach it through {@link EventDispatcher}.
 * A handler must be idempotent in effect; the inbox makes sure it normally runs once per event id.
 *
 * @param <T> the consumer's own copy of the payload class
 */
public interface EventHandler<T> {

    /** The CloudEvent type handled, e.g. {@code dev.mosaic.product.price-changed.v1}. */
    String type();

    Class<T> payloadType();

    void handle(T payload, CloudEvent event);
}
