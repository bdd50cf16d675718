package dev.mosaic.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.core.DatabaseOutage;
import dev.mosaic.platform.web.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Routes an event to the handler of its type, decoding the payload and guarding against duplicates.
 * The single entry point of both delivery adapters, so poll and push behave the same, and counted alike:
 * {@code mosaic_events_handled_total{type,outcome}} per delivery that reached an end, and
 * {@code mosaic_events_failed_total{type}} per failed attempt (a retry that then succeeds counts once in each).
 */
@ApplicationScoped
public class EventDispatcher {

    /**
     * What became of a delivered event: handled; a duplicate skipped by the inbox; ignored (no handler takes its type);
     * settled: its handler found, before any transaction, that it can no longer change anything
     * ({@link EventHandler#settled}).
     */
    public enum Outcome { HANDLED, DUPLICATE, IGNORED, SETTLED }

    private static final Logger LOG = Logger.getLogger(EventDispatcher.class.getName());
    // Tolerant reader: fields a newer producer adds are ignored rather than fatal.
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Metadata HANDLED = Metadata.builder().withName("mosaic.events.handled")
            .withDescription("Delivered events by type and outcome (handled, duplicate: skipped by the inbox, ignored: no handler, "
                    + "settled: could no longer change anything, skipped without a transaction)")
            .build();
    private static final Metadata FAILED = Metadata.builder().withName("mosaic.events.failed")
            .withDescription("Failed handling attempts by event type; the delivery is retried, then dead-lettered")
            .build();
    private static final Metadata REFUSED = Metadata.builder().withName("mosaic.events.refused")
            .withDescription("Events refused because they arrived from a topic that does not own their type (forged or misrouted)")
            .build();
    /** Type tag of events no handler takes: anyone can push those, so their types must not become series. */
    static final String UNKNOWN_TYPE = "unknown";

    private final Map<String, EventHandler<?>> handlers = new HashMap<>();
    private final Instance<IdempotencyGuard> guard;
    private final MetricRegistry metrics;

    @Inject
    public EventDispatcher(@Any Instance<EventHandler<?>> handlers, @Any Instance<EventSubscriptions> subscriptions,
                           Instance<IdempotencyGuard> guard, MetricRegistry metrics) {
        handlers.forEach(this::register);
        subscriptions.forEach(listed -> listed.handlers().forEach(this::register));
        this.guard = guard;
        this.metrics = metrics;
        // Present from the start (at 0) for every type handled here, so rates and alerts have a series at once.
        for (String type : this.handlers.keySet()) {
            metrics.counter(FAILED, new Tag("type", type));
            metrics.counter(REFUSED, new Tag("type", type));
            metrics.counter(HANDLED, new Tag("type", type), new Tag("outcome", "handled"));
        }
    }

    private void register(EventHandler<?> handler) {
        EventHandler<?> previous = this.handlers.put(handler.type(), handler);
        if (previous != null) {
            throw new IllegalStateException("Two handlers for event type " + handler.type() + ": " + describe(previous)
                                            + " and " + describe(handler) + "; one type has one handler");
        }
    }

    private static String describe(EventHandler<?> handler) {
        return handler instanceof EventHandler.Route<?> route ? route.toString() : handler.getClass().getName();
    }

    /** The event types this service handles. */
    public Set<String> handledTypes() {
        return Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }

    /** Created at startup rather than on first use, so that its meters are on /metrics from the start. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    }

    /** Whether some handler takes events of this type. */
    public boolean handles(String type) {
        return handlers.containsKey(type);
    }

    /**
     * Handles {@code event}, which arrived from {@code topic}, in the event's correlation context.
     *
     * @throws ForeignEventException when the event's type is not owned by {@code topic}: nothing was done
     * @throws InvalidEventException when the payload does not decode (retrying cannot help)
     * @throws RuntimeException      whatever the handler threw (retrying may help)
     */
    public Outcome dispatch(CloudEvent event, String topic) {
        EventHandler<?> handler = handlers.get(event.type());
        if (handler == null) {
            LOG.fine(() -> "No handler for " + event + "; ignored");
            count(UNKNOWN_TYPE, Outcome.IGNORED);
            return Outcome.IGNORED;
        }
        if (!handler.topic().equals(topic)) {
            // Only the owner may write its topic, so this event was forged or misrouted: it must change nothing.
            metrics.counter(REFUSED, new Tag("type", event.type())).inc();
            throw new ForeignEventException(event + " arrived from " + (topic == null ? "an unknown topic" : "topic " + topic)
                    + ", but " + event.type() + " is accepted only from " + handler.topic() + " (its owner's topic); refused");
        }
        try {
            Outcome outcome = handle(handler, event, true, null);
            count(event.type(), outcome);
            return outcome;
        } catch (RuntimeException e) {
            metrics.counter(FAILED, new Tag("type", event.type())).inc();
            throw e;
        }
    }

    /** An event and the topic it arrived from. */
    public record Delivered(CloudEvent event, String topic) {
    }

    /**
     * Handles several events in one transaction, in order, each still at most once (the inbox row of each commits
     * with the effects of all). Fewer, larger transactions are what lets a consumer keep up: the commit is the costly
     * part of handling a small event. An event of a type no handler takes is ignored in its place, as
     * {@link #dispatch} would (a topic carries every type its owner publishes, and a consumer takes a few of them: a
     * batch left whole by such an event would cost a transaction per event). Events their handlers find settled are
     * skipped, asked before the transaction begins; when nothing is left to handle, no transaction is begun at all.
     * Returns false, having changed nothing,
     * when some event cannot be handled this way: a foreign topic, or any failure (which rolls all of them back); the
     * caller then handles each on its own with {@link #dispatch}, where refusals, retries and dead letters are decided
     * and counted.
     */
    public boolean dispatchTogether(List<Delivered> events) {
        List<EventHandler<?>> chosen = new ArrayList<>(events.size());
        for (Delivered delivered : events) {
            EventHandler<?> handler = handlers.get(delivered.event().type());
            if (handler != null && !handler.topic().equals(delivered.topic())) {
                return false;
            }
            chosen.add(handler);
        }
        if (!guard.isResolvable()) {
            return false;
        }
        List<Outcome> outcomes = new ArrayList<>(events.size());
        try {
            // Asked before the transaction: a check inside it would read through the batch's own unflushed changes.
            boolean[] settled = new boolean[events.size()];
            boolean work = false;
            for (int i = 0; i < events.size(); i++) {
                settled[i] = chosen.get(i) != null && settled(chosen.get(i), events.get(i).event());
                work |= chosen.get(i) != null && !settled[i];
            }
            Runnable all = () -> {
                for (int i = 0; i < events.size(); i++) {
                    EventHandler<?> handler = chosen.get(i);
                    outcomes.add(handler == null ? Outcome.IGNORED : handle(handler, events.get(i).event(), false, settled[i]));
                }
            };
            if (work) {
                guard.get().together(all);
            } else {
                all.run();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Handling " + events.size() + " events together failed (" + e + "); each is handled on its own", e);
            return false;
        }
        for (int i = 0; i < events.size(); i++) {
            count(chosen.get(i) == null ? UNKNOWN_TYPE : events.get(i).event().type(), outcomes.get(i));
        }
        return true;
    }

    /**
     * Handles one event in its correlation context, under a consumer span that is a child of the span that published
     * it. {@code settleRaces}: when the handling fails, ask a new transaction whether a racing delivery handled it
     * meanwhile (then this one is a duplicate); not inside a larger transaction, whose failure rolls all back anyway.
     * {@code settled}: what the handler's check said, asked before the caller's transaction; null to ask it here.
     */
    private Outcome handle(EventHandler<?> handler, CloudEvent event, boolean settleRaces, Boolean settled) {
        Outcome[] outcome = {Outcome.DUPLICATE};
        Tracing.inSpan(event.type() + " process", SpanKind.CONSUMER, event.extensions().get(CloudEvent.TRACEPARENT),
                       event.continueContext(), () -> {
            if (settled != null ? settled : settled(handler, event)) {
                outcome[0] = Outcome.SETTLED;
                LOG.info(() -> "Settled " + event + " skipped: it can no longer change anything here");
                return;
            }
            Runnable work = () -> invoke(handler, event);
            boolean ran = !guard.isResolvable() ? runDirectly(work)
                    : settleRaces ? runGuarded(event, work) : guard.get().runOnce(event, work);
            outcome[0] = ran ? Outcome.HANDLED : Outcome.DUPLICATE;
            if (ran) {
                // One line per handled event, in the event's ids: what lets one grep follow an order across services.
                LOG.info(() -> "Handled " + event);
            } else {
                LOG.info(() -> "Duplicate " + event + " skipped: it was handled before");
            }
        });
        return outcome[0];
    }

    private void count(String type, Outcome outcome) {
        metrics.counter(HANDLED, new Tag("type", type), new Tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))).inc();
    }

    private boolean runGuarded(CloudEvent event, Runnable work) {
        try {
            return guard.get().runOnce(event, work);
        } catch (Exception e) {
            // Two deliveries of one event raced (poll and push, or two instances): the loser's transaction
            // failed on the inbox key. If the winner committed, this delivery is simply a duplicate.
            // (A failed commit can surface as a checked RollbackException, hence Exception.)
            // Unless the database is unreachable: then nothing committed, and asking it would only wait again.
            if (!(e instanceof InvalidEventException) && !DatabaseOutage.isCause(e) && guard.get().handled(event)) {
                return false;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Handling " + event + " failed: " + e, e);
        }
    }

    private static boolean runDirectly(Runnable work) {
        work.run();
        return true;
    }

    /** Whether the handler finds the event settled; false, without decoding it, for a handler that never does. */
    private static <T> boolean settled(EventHandler<T> handler, CloudEvent event) {
        return handler.checksSettled() && handler.settled(decode(handler, event), event);
    }

    private static <T> T decode(EventHandler<T> handler, CloudEvent event) {
        T payload;
        try {
            payload = JSON.fromJson(event.dataAsString(), handler.payloadType());
        } catch (JsonbException e) {
            throw new InvalidEventException("Payload of " + event + " does not decode as "
                    + handler.payloadType().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (payload == null) {
            throw new InvalidEventException("Payload of " + event + " is empty");
        }
        return payload;
    }

    private static <T> void invoke(EventHandler<T> handler, CloudEvent event) {
        T payload = decode(handler, event);
        try {
            handler.handle(payload, event);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Handler failed for " + event, e);
            throw e;
        }
    }
}
