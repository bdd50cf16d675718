package dev.mosaic.platform.messaging;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
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
     * Whether this event can no longer change anything, judged before any transaction is opened: from committed
     * state, without a lock, possibly an older state than the database's now. A settled event is skipped: no
     * transaction, no inbox row, outcome {@code settled}. Only for a check that stays true once true (what it reads
     * moves only forward, like a saga's status): a redelivery must find the event settled again, and a state read
     * stale can only make the check say no, which sends the event down the usual path, where the handler decides
     * under its own lock. Asked only when {@link #checksSettled()}; the default handles every event under the inbox.
     */
    default boolean settled(T payload, CloudEvent event) {
        return false;
    }

    /** Whether {@link #settled} may say yes; when not, nothing is read or decoded ahead of the transaction. */
    default boolean checksSettled() {
        return false;
    }

    /**
     * A handler of {@code type}, accepted from {@code topic} only, whose payload is read as {@code payloadType} and
     * handed to {@code handle}: what an {@link EventSubscriptions} lists, one line per event type.
     */
    static <T> Route<T> on(String topic, String type, Class<T> payloadType, BiConsumer<T, CloudEvent> handle) {
        return new Route<>(topic, type, payloadType, handle, null);
    }

    /** As {@link #on(String, String, Class, BiConsumer)}, for a handler that needs only the payload. */
    static <T> Route<T> on(String topic, String type, Class<T> payloadType, Consumer<T> handle) {
        return new Route<>(topic, type, payloadType, (payload, event) -> handle.accept(payload), null);
    }

    /** The handler {@link #on} makes; {@code settledWhen} is null when every event is handled. */
    record Route<T>(String topic, String type, Class<T> payloadType, BiConsumer<T, CloudEvent> handler,
                    BiPredicate<T, CloudEvent> settledWhen) implements EventHandler<T> {

        public Route {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(payloadType, "payloadType");
            Objects.requireNonNull(handler, "handler");
        }

        /** This handler, skipping the events {@code check} finds settled (see {@link EventHandler#settled}). */
        public Route<T> settledWhen(BiPredicate<T, CloudEvent> check) {
            return new Route<>(topic, type, payloadType, handler, Objects.requireNonNull(check, "check"));
        }

        @Override
        public void handle(T payload, CloudEvent event) {
            handler.accept(payload, event);
        }

        @Override
        public boolean settled(T payload, CloudEvent event) {
            return settledWhen != null && settledWhen.test(payload, event);
        }

        @Override
        public boolean checksSettled() {
            return settledWhen != null;
        }

        @Override
        public String toString() {
            return "handler of " + type + " from " + topic;
        }
    }
}
