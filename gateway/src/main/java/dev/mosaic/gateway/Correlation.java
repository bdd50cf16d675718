package dev.mosaic.gateway;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The ids one request carries across services: {@code X-Request-Id} and the W3C {@code traceparent}.
 *
 * @param requestId   the caller's request id when it is safe to echo, otherwise a new UUID
 * @param traceparent the caller's traceparent when valid, otherwise a new one starting a trace here
 * @param generatedTrace whether {@code traceparent} was generated, in which case a caller's tracestate is stale
 */
record Correlation(String requestId, String traceparent, boolean generatedTrace) {

    // Ids are echoed in headers and logs: accept only short, printable tokens so a caller cannot inject lines.
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    // The order a request is about: in its path, or, for a placement, in the Location the answer points to.
    private static final Pattern ORDER_PATH = Pattern.compile("/api/orders/([A-Za-z0-9._:-]{1,64})(?:/.*)?");
    private static final String ZERO_PARENT_ID = "0".repeat(16);

    static Correlation of(Optional<String> requestId, Optional<String> traceparent) {
        String id = requestId.map(String::strip).filter(it -> SAFE_REQUEST_ID.matcher(it).matches())
                .orElseGet(Correlation::newRequestId);
        Optional<String> validTrace = traceparent.map(String::strip).filter(Correlation::isValidTraceparent);
        return new Correlation(id, validTrace.orElseGet(Correlation::newTraceparent), validTrace.isEmpty());
    }

    /**
     * The same ids in the gateway's own span: {@code spanId} becomes the parent the services see. The trace id and
     * flags stay the caller's (or the generated ones).
     */
    Correlation inSpan(String spanId) {
        return new Correlation(requestId, "00-" + traceId() + "-" + spanId + "-" + traceparent.substring(53, 55),
                               generatedTrace);
    }

    /** The id of the span the next hop sees as its parent (the gateway's, once {@link #inSpan} made it). */
    String spanId() {
        return traceparent.substring(36, 52);
    }

    /**
     * A new random (version 4) UUID. From the thread's own generator, not {@link UUID#randomUUID()}'s SecureRandom,
     * which every request would queue on: a request id correlates log lines, it guards nothing.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** A new random span id (never all zeros). */
    static String newSpanId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() | 1);
    }

    /** The 32-hex trace id, the field logs and trace backends join on. */
    String traceId() {
        return traceparent.substring(3, 35);
    }

    /**
     * The id of the order a request concerns, so the gateway's lines join the order's story in every service:
     * from {@code /api/orders/{id}...}, else from a {@code Location: /api/orders/{id}} answer (a placement).
     */
    static Optional<String> orderId(String path, Optional<String> location) {
        var m = ORDER_PATH.matcher(path);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        return location.map(ORDER_PATH::matcher).filter(java.util.regex.Matcher::matches).map(l -> l.group(1));
    }

    static boolean isValidTraceparent(String value) {
        var m = TRACEPARENT.matcher(value);
        if (!m.matches()) {
            return false;
        }
        String version = m.group(1);
        // Version ff is forbidden; version 00 has exactly four fields; later versions may append fields.
        if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
            return false;
        }
        return !m.group(2).equals(ZERO_TRACE_ID) && !m.group(3).equals(ZERO_PARENT_ID);
    }

    static String newTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        String traceId = hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong());
        String parentId = hex.toHexDigits(random.nextLong() | 1);
        // Sampled: the edge starts the trace, so it decides that this trace is recorded.
        return "00-" + traceId + "-" + parentId + "-01";
    }
}
