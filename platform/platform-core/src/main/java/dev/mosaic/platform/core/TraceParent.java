package dev.mosaic.platform.core;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C {@code traceparent} (version-traceid-parentid-flags), the form in which trace context crosses every hop:
 * HTTP headers, gRPC metadata and CloudEvent extensions. The one place that parses and builds it.
 *
 * @param traceId  32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero: the span of the sender
 * @param flags    2 hex digits ({@code 01}: sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_PARENT_ID = "0".repeat(16);

    /**
     * The trace context {@code value} carries, if it is valid: version {@code ff} is forbidden, version {@code 00}
     * has exactly four fields, later versions may append fields (their first four are read), and neither id may be
     * all zeros.
     */
    public static Optional<TraceParent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String version = m.group(1);
        if (version.equals("ff") || (version.equals("00") && m.group(5) != null)
            || m.group(2).equals(ZERO_TRACE_ID) || m.group(3).equals(ZERO_PARENT_ID)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(2), m.group(3), m.group(4)));
    }

    public static boolean isValid(String value) {
        return parse(value).isPresent();
    }

    /** The start of a new trace here, sampled: whoever starts a trace decides that it is recorded. */
    public static TraceParent newTrace() {
        return new TraceParent(newTraceId(), newSpanId(), "01");
    }

    /** The same trace and flags, with {@code spanId} as the parent the next hop sees. */
    public TraceParent withParent(String spanId) {
        return new TraceParent(traceId, spanId, flags);
    }

    /** The header value, version 00. */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    /** A new random trace id (never all zeros). */
    public static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong());
    }

    /** A new random span id (never all zeros). */
    public static String newSpanId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() | 1);
    }
}
