package dev.mosaic.platform.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation ids of the work this thread is doing: the request id and the W3C trace context.
 * Set by the inbound filter (or an event consumer), read by logs, outbound calls and published events.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";

    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Ids> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /** Ids of one unit of work: request id, trace id and the id of this service's span in it. */
    public record Ids(String requestId, String traceId, String spanId, String flags) {
        /** The traceparent to send on an outbound call or event: same trace, this span as parent. */
        public String traceparent() {
            return "00-" + traceId + "-" + spanId + "-" + flags;
        }
    }

    /**
     * Starts a unit of work from incoming values, creating what is missing or malformed
     * (a malformed id from outside is replaced rather than trusted into logs).
     */
    public static Ids begin(String requestId, String traceparent) {
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
        Ids ids = new Ids(rid, traceId, randomHex(8), flags);
        CURRENT.set(ids);
        return ids;
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

    public static void clear() {
        CURRENT.remove();
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
