package dev.mosaic.platform.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The correlation ids of the work this thread is doing: the request id, the W3C trace context and, when the
 * work concerns one business entity, its id: the subject (in Mosaic an order id, or a SKU for the catalog's
 * events), as CloudEvents names the entity an event is about. Set by the inbound filter (or an event consumer),
 * read by logs, outbound calls and published events. The single place that holds them, so every log line agrees.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = RequestIds.HEADER;
    public static final String TRACEPARENT_HEADER = TraceParent.HEADER;

    // Subjects are ids (UUIDs, SKUs); the rule only keeps an id from outside from smuggling text into log lines.
    private static final Pattern SAFE_SUBJECT = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
    private static final ThreadLocal<Ids> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /**
     * Ids of one unit of work: request id, trace id, the id of this service's span in it, the trace flags,
     * and the id of the business entity it concerns, its subject ({@code null} when none).
     */
    public record Ids(String requestId, String traceId, String spanId, String flags, String subject) {

        public Ids(String requestId, String traceId, String spanId, String flags) {
            this(requestId, traceId, spanId, flags, null);
        }

        /** The traceparent to send on an outbound call or event: same trace, this span as parent. */
        public String traceparent() {
            return new TraceParent(traceId, spanId, flags).toString();
        }

        /** The same ids, about the entity {@code id} (ignored when it is not a plausible id). */
        public Ids withSubject(String id) {
            return id != null && SAFE_SUBJECT.matcher(id).matches() ? new Ids(requestId, traceId, spanId, flags, id) : this;
        }
    }

    /**
     * Starts a unit of work from incoming values, creating what is missing or malformed
     * (a malformed id from outside is replaced rather than trusted into logs).
     */
    public static Ids begin(String requestId, String traceparent) {
        Ids ids = continueFrom(requestId, traceparent);
        CURRENT.set(ids);
        return ids;
    }

    /**
     * The ids of a new span continuing the caller's request id and trace (creating what is missing or
     * malformed), without making them current: for {@link #runWith}.
     */
    public static Ids continueFrom(String requestId, String traceparent) {
        TraceParent trace = TraceParent.parse(traceparent).orElseGet(TraceParent::newTrace);
        return new Ids(RequestIds.acceptOrNew(requestId), trace.traceId(), TraceParent.newSpanId(), trace.flags());
    }

    /** Fresh ids for work that starts here (a scheduled job, a message sent on its own), not made current. */
    public static Ids newIds() {
        return new Ids(RequestIds.newId(), TraceParent.newTraceId(), TraceParent.newSpanId(), "01");
    }

    public static Optional<Ids> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code work} with {@code ids} as the current context, restoring the previous one after. */
    public static void runWith(Ids ids, Runnable work) {
        Ids previous = CURRENT.get();
        CURRENT.set(ids);
        try {
            work.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Marks the current work as concerning the entity {@code subject} (an order, say), so every later log line of
     * it carries the id. Outside a unit of work (no request, event or {@link #runWith}) it
     * does nothing: a context set there would outlive the work on a pooled thread and mislabel later lines.
     */
    public static void subject(String subject) {
        Ids ids = CURRENT.get();
        if (ids != null) {
            CURRENT.set(ids.withSubject(subject));
        }
    }

    /**
     * Replaces the current ids: the same unit of work, now in a span made elsewhere (by MicroProfile Telemetry, or
     * the gateway's own span). Whoever began the work still ends it with {@link #clear()}.
     */
    public static void set(Ids ids) {
        CURRENT.set(ids);
    }

    public static void clear() {
        CURRENT.remove();
    }
}
