package dev.mosaic.platform.core;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids ({@code X-Request-Id}): which ones from outside are kept, and new ones. The gateway and every service
 * apply the same rule, so one request carries one id from the edge to the last log line.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    // Ids are echoed in headers and logs: only short tokens of characters that need no escaping anywhere, so a
    // caller cannot inject lines or fields.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** {@code value}, stripped, when it is safe to keep; empty when it is absent or must be replaced. */
    public static Optional<String> accept(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String id = value.strip();
        return SAFE.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** {@code value} when it is safe to keep, otherwise a new id. */
    public static String acceptOrNew(String value) {
        return accept(value).orElseGet(RequestIds::newId);
    }

    /**
     * A new random (version 4) UUID. From the thread's own generator, not {@link UUID#randomUUID()}'s SecureRandom,
     * which every request would queue on: a request id correlates log lines, it guards nothing.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }
}
