package dev.mosaic.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tokens verified lately, and who they prove. A customer presents the same token on every request for as long as it
 * lives, and a workload on every call for days; checking its signature each time (an ES256 verification costs more
 * than the rest of a small request) would spend most of a service's CPU proving the same fact again. A token found
 * here is the exact string that passed every check before; it is answered from here only
 * <ul>
 *   <li>before its {@code exp} (the clock skew is not granted here: a token near its end is verified in full, and
 *       expires exactly as it would without this cache),</li>
 *   <li>and for at most {@code maxAge} after it was verified: with keys fetched from an identity provider that is the
 *       key cache's lifetime, so a key the provider stopped publishing stops being trusted as soon as without this
 *       cache.</li>
 * </ul>
 * Refused tokens are never kept. Keyed by the SHA-256 of the token, so no token is kept and lookups do not compare a
 * presented token with stored ones character by character. Bounded: at {@code capacity} entries it starts afresh.
 */
final class VerifiedTokens {

    /** Enough for every customer active in a few minutes on one instance and every workload calling it. */
    static final int DEFAULT_CAPACITY = 4096;

    private record Entry(Caller caller, Instant until) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration maxAge;
    private final Supplier<Instant> clock;

    VerifiedTokens(int capacity, Duration maxAge, Supplier<Instant> clock) {
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Who the token proves, if it was verified lately and may still be answered from here. */
    Optional<Caller> get(String token) {
        String key = digest(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.get().isBefore(entry.until())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** Remembers a token that has just passed every check. */
    void put(String token, Caller caller) {
        Instant now = clock.get();
        Instant until = caller.expiresAt();
        if (maxAge.compareTo(Duration.between(now, until)) < 0) {
            until = now.plus(maxAge);
        }
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= capacity) {
            // Simple and bounded: a burst of new tokens costs one full verification each again, nothing else.
            entries.clear();
        }
        entries.put(digest(token), new Entry(caller, until));
    }

    int size() {
        return entries.size();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
