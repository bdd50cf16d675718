package dev.mosaic.platform.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the token verifier finds its keys and what it demands of a token. Read from configuration keys under
 * {@code mosaic.auth.} (the same keys for the gateway and every service):
 * <ul>
 *     <li>{@code issuer} and {@code audience}: required, matched exactly against {@code iss} and {@code aud};</li>
 *     <li>exactly one key source: {@code jwks-url} (an identity provider's JWKS endpoint, fetched and cached),
 *         {@code jwks-file} (a JWKS document on disk; what {@code ./mosaic up} writes) or {@code public-key}
 *         (a PEM-encoded RSA or EC public key, inline);</li>
 *     <li>{@code clock-skew}: tolerance for {@code exp}/{@code nbf} in seconds (default 30);</li>
 *     <li>{@code roles-claim}: the claim listing the caller's roles (default {@code groups}, as MicroProfile JWT);</li>
 *     <li>{@code jwks-cache-ttl}: seconds a fetched JWKS is used before it is fetched again (default 300); the
 *         refresh starts ahead of expiry, so requests do not wait for it;</li>
 *     <li>{@code jwks-max-stale}: seconds after the last successful fetch during which the last good keys are still
 *         used while the identity provider cannot be reached (default 86400, a day). Long enough to ride out an
 *         identity-provider outage, bounded so that a key the provider has since revoked is not trusted forever;
 *         after it, verification fails with {@link KeysUnavailableException} (503).</li>
 * </ul>
 * A {@code jwks-url} must use https: keys fetched over plain http could be swapped by anyone on the path, who could
 * then sign any token. Only a loopback host (127.0.0.0/8, ::1, localhost) may use http, for local runs and tests.
 */
public record AuthSettings(String issuer, String audience, Optional<URI> jwksUrl, Optional<Path> jwksFile,
                           Optional<String> publicKey, Duration clockSkew, String rolesClaim,
                           Duration jwksCacheTtl, Duration jwksMaxStale) {

    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_MAX_STALE = Duration.ofHours(24);

    public static final String PREFIX = "mosaic.auth.";
    /** Every key read, for configuration sources that must know key names in advance (environment mapping). */
    public static final List<String> KEYS = List.of("mosaic.auth.jwks-url", "mosaic.auth.jwks-file", "mosaic.auth.public-key",
            "mosaic.auth.issuer", "mosaic.auth.audience", "mosaic.auth.clock-skew", "mosaic.auth.roles-claim",
            "mosaic.auth.jwks-cache-ttl", "mosaic.auth.jwks-max-stale");

    /** Settings with the default JWKS cache lifetime and outage tolerance. */
    public AuthSettings(String issuer, String audience, Optional<URI> jwksUrl, Optional<Path> jwksFile,
                        Optional<String> publicKey, Duration clockSkew, String rolesClaim) {
        this(issuer, audience, jwksUrl, jwksFile, publicKey, clockSkew, rolesClaim, DEFAULT_JWKS_CACHE_TTL,
             DEFAULT_JWKS_MAX_STALE);
    }

    public AuthSettings {
        int sources = (jwksUrl.isPresent() ? 1 : 0) + (jwksFile.isPresent() ? 1 : 0) + (publicKey.isPresent() ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException("Token verification needs exactly one key source, found " + sources
                    + ": set one of " + PREFIX + "jwks-url, " + PREFIX + "jwks-file or " + PREFIX + "public-key");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException(PREFIX + "clock-skew must be between 0 and 300 seconds, was "
                    + clockSkew.toSeconds());
        }
        if (jwksCacheTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException(PREFIX + "jwks-cache-ttl must be at least 1 second, was " + jwksCacheTtl);
        }
        if (jwksMaxStale.compareTo(jwksCacheTtl) < 0) {
            throw new IllegalStateException(PREFIX + "jwks-max-stale (" + jwksMaxStale.toSeconds() + " s) must be at "
                    + "least " + PREFIX + "jwks-cache-ttl (" + jwksCacheTtl.toSeconds() + " s)");
        }
    }

    /**
     * Reads the settings through {@code lookup} (a key such as {@code mosaic.auth.issuer} to its value), or empty
     * when none of the key sources is configured: the caller decides whether running without verification is allowed.
     *
     * @throws IllegalStateException naming the key to fix, when the settings are present but incomplete or malformed
     */
    public static Optional<AuthSettings> from(Function<String, Optional<String>> lookup) {
        // Full key names (mosaic.auth.jwks-url, ...), so that whoever greps the code for a setting finds where it is read.
        return from(PREFIX, lookup);
    }

    /**
     * The same settings under another prefix: {@code mosaic.workload-auth.} holds the keys of the issuer of workload
     * tokens (the cluster's service-account issuer), which is not the customers' identity provider.
     */
    public static Optional<AuthSettings> from(String prefix, Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> get = key -> lookup.apply(prefix + key).map(String::strip).filter(v -> !v.isEmpty());
        Optional<URI> url = get.apply("jwks-url").map(value -> httpUri(prefix, value));
        Optional<Path> file = get.apply("jwks-file").map(Path::of);
        Optional<String> key = get.apply("public-key");
        if (url.isEmpty() && file.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        String issuer = get.apply("issuer").orElseThrow(() -> missing(prefix, "issuer"));
        String audience = get.apply("audience").orElseThrow(() -> missing(prefix, "audience"));
        Duration skew = get.apply("clock-skew").map(v -> seconds(prefix, "clock-skew", v)).orElse(Duration.ofSeconds(30));
        String roles = get.apply("roles-claim").orElse("groups");
        Duration cacheTtl = get.apply("jwks-cache-ttl").map(v -> seconds(prefix, "jwks-cache-ttl", v))
                .orElse(DEFAULT_JWKS_CACHE_TTL);
        Duration maxStale = get.apply("jwks-max-stale").map(v -> seconds(prefix, "jwks-max-stale", v))
                .orElse(DEFAULT_JWKS_MAX_STALE);
        return Optional.of(new AuthSettings(issuer, audience, url, file, key, skew, roles, cacheTtl, maxStale));
    }

    /** Where the keys come from, for log lines: never the key itself. */
    public String keySource() {
        return jwksUrl.map(u -> "JWKS " + u).or(() -> jwksFile.map(f -> "JWKS file " + f)).orElse("configured public key");
    }

    private static IllegalStateException missing(String prefix, String key) {
        return new IllegalStateException(prefix + key + " is required when a token key source is configured");
    }

    private static URI httpUri(String prefix, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(prefix + "jwks-url is not a URL (" + e.getReason() + "): " + value);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException(prefix + "jwks-url must be an https URL, was: " + value);
        }
        if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new IllegalStateException(prefix + "jwks-url must use https: keys fetched over plain http can be "
                    + "replaced in transit, and whoever replaces them can sign any token. Was: " + value
                    + " (http is accepted only for loopback hosts: localhost, 127.0.0.0/8, ::1)");
        }
        return uri;
    }

    /** Judged on the name as written, never resolved: a DNS answer must not decide whether plain http is allowed. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static Duration seconds(String prefix, String key, String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(prefix + key + " must be a number of seconds, was: " + value);
        }
    }
}
