package dev.mosaic.platform.messaging;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Handles one CloudEvent type. Services list theirs in one {@link EventSubscriptions} bean, one line each made by
 * {@link #on}; an implementation that is a CDI bean of its own is taken too. Both delivery paths (Kafka poll and
 * HTTP push) reach it through {@link EventDispatcher}.
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

    /**
     * A handler of {@code type}, accepted from {@code topic} only, whose payload is read as {@code payloadType} and
     * handed to {@code handle}: what an {@link EventSubscriptions} lists, one line per event type.
     */
    static <T> EventHandler<T> on(String topic, String type, Class<T> payloadType, BiConsumer<T, CloudEvent> handle) {
        return new Route<>(topic, type, payloadType, handle);
    }

    /** As {@link #on(String, String, Class, BiConsumer)}, for a handler that needs only the payload. */
    static <T> EventHandler<T> on(String topic, String type, Class<T> payloadType, Consumer<T> handle) {
        return new Route<>(topic, type, payloadType, (payload, event) -> handle.accept(payload));
    }

    /** The handler {@link #on} makes. */
    record Route<T>(String topic, String type, Class<T> payloadType, BiConsumer<T, CloudEvent> handler)
            implements EventHandler<T> {

        public Route {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(payloadType, "payloadType");
            Objects.requireNonNull(handler, "handler");
        }

        @Override
        public void handle(T payload, CloudEvent event) {
            handler.accept(payload, event);
        }

        @Override
        public String toString() {
            return "handler of " + type + " from " + topic;
        }
    }
}
