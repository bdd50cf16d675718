package dev.mosaic.platform.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation ids of the work this thread is doing: the request id, the W3C trace context and, when the
 * work concerns one order, that order's id. Set by the inbound filter (or an event consumer), read by logs,
 * outbound calls and published events. The single place that holds them, so every log line agrees.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";

    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    // Order ids are UUIDs; the looser rule only keeps an id from outside from smuggling text into log lines.
    private static final Pattern SAFE_ORDER_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Ids> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /**
     * Ids of one unit of work: request id, trace id, the id of this service's span in it, the trace flags,
     * and the id of the order it concerns ({@code null} when none does).
     */
    public record Ids(String requestId, String traceId, String spanId, String flags, String orderId) {

        public Ids(String requestId, String traceId, String spanId, String flags) {
            this(requestId, traceId, spanId, flags, null);
        }

        /** The traceparent to send on an outbound call or event: same trace, this span as parent. */
        public String traceparent() {
            return "00-" + traceId + "-" + spanId + "-" + flags;
        }

        /** The same ids, about order {@code id} (ignored when it is not a plausible id). */
        public Ids withOrderId(String id) {
            return id != null && SAFE_ORDER_ID.matcher(id).matches() ? new Ids(requestId, traceId, spanId, flags, id) : this;
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
        String rid = requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches()
                ? requestId : UUID.randomUUID().toString();
        String traceId = null;
        String flags = "01";
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals("0".repeat(32))) {
                traceId = m.group(1);
                flags = m.group(3);
            }
        }
        if (traceId == null) {
            traceId = randomHex(16);
        }
        return new Ids(rid, traceId, randomHex(8), flags);
    }

    /** Fresh ids for work that starts here (a scheduled job, a message sent on its own), not made current. */
    public static Ids newIds() {
        return new Ids(UUID.randomUUID().toString(), randomHex(16), randomHex(8), "01");
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
     * Marks the current work as concerning order {@code orderId}, so every later log line of it carries the id
     * and the events it publishes pass it on. Outside a unit of work (no request, event or {@link #runWith}) it
     * does nothing: a context set there would outlive the work on a pooled thread and mislabel later lines.
     */
    public static void orderId(String orderId) {
        Ids ids = CURRENT.get();
        if (ids != null) {
            CURRENT.set(ids.withOrderId(orderId));
        }
    }

    /** Replaces the current ids (the same unit of work, now in a span made elsewhere, e.g. by MicroProfile Telemetry). */
    static void set(Ids ids) {
        CURRENT.set(ids);
    }

    public static void clear() {
        CURRENT.remove();
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
