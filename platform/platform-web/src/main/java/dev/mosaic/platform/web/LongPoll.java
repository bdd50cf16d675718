package dev.mosaic.platform.web;

import java.time.Duration;
import java.util.Locale;

/**
 * The two request headers of a long poll on a resource: {@code If-None-Match} (the representation the client has)
 * and {@code Prefer: wait=N} (RFC 7240: how many seconds it is willing to wait for a different one). A client that
 * sends both is answered when the resource changes, or with {@code 304 Not Modified} once the wait is over, instead
 * of asking again and again.
 */
public final class LongPoll {

    private LongPoll() {
    }

    /**
     * The wait the client asked for in {@code Prefer}, at most {@code max}; zero when it asked none. A preference the
     * server cannot read is ignored, as RFC 7240 says, never an error.
     */
    public static Duration requestedWait(String prefer, Duration max) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        for (String preference : prefer.split(",")) {
            String first = preference.split(";", 2)[0].strip();
            int eq = first.indexOf('=');
            if (eq < 0 || !first.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("wait")) {
                continue;
            }
            String value = first.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
                return Duration.ZERO;
            }
            Duration asked = Duration.ofSeconds(Long.parseLong(value));
            return asked.compareTo(max) > 0 ? max : asked;
        }
        return Duration.ZERO;
    }

    /** A strong entity tag for {@code value}: {@code "value"}. */
    public static String etag(String value) {
        return '"' + value + '"';
    }

    /**
     * Whether {@code If-None-Match} names {@code etag} (weak comparison, as for GET: {@code W/"1"} matches
     * {@code "1"}). {@code *} matches too: the resource exists.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code If-None-Match} names a particular representation the client could wait to see change. */
    public static boolean namesATag(String ifNoneMatch) {
        return ifNoneMatch != null && !ifNoneMatch.strip().equals("*") && !ifNoneMatch.isBlank();
    }
}
