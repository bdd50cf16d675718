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

    /**
     * The topic that owns this type, e.g. {@code catalog.events}: the only topic it is accepted from. Write access to
     * a topic is per service, so an event of this type anywhere else was not sent by its owner and is refused.
     */
    String topic();

    Class<T> payloadType();

    void handle(T payload, CloudEvent event);
}
