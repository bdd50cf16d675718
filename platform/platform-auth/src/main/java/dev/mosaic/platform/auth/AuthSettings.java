package dev.mosaic.platform.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 *     <li>{@code roles-claim}: the claim listing the caller's roles (default {@code groups}, as MicroProfile JWT).</li>
 * </ul>
 */
public record AuthSettings(String issuer, String audience, Optional<URI> jwksUrl, Optional<Path> jwksFile,
                           Optional<String> publicKey, Duration clockSkew, String rolesClaim) {

    public static final String PREFIX = "mosaic.auth.";
    /** Every key read, for configuration sources that must know key names in advance (environment mapping). */
    public static final List<String> KEYS = List.of("mosaic.auth.jwks-url", "mosaic.auth.jwks-file", "mosaic.auth.public-key",
            "mosaic.auth.issuer", "mosaic.auth.audience", "mosaic.auth.clock-skew", "mosaic.auth.roles-claim");

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
        Duration skew = get.apply("clock-skew").map(value -> seconds(prefix, value)).orElse(Duration.ofSeconds(30));
        String roles = get.apply("roles-claim").orElse("groups");
        return Optional.of(new AuthSettings(issuer, audience, url, file, key, skew, roles));
    }

    /** Where the keys come from, for log lines: never the key itself. */
    public String keySource() {
        return jwksUrl.map(u -> "JWKS " + u).or(() -> jwksFile.map(f -> "JWKS file " + f)).orElse("configured public key");
    }

    private static IllegalStateException missing(String prefix, String key) {
        return new IllegalStateException(prefix + key + " is required when a token key source is configured");
    }

    private static URI httpUri(String prefix, String value) {
        URI uri = URI.create(value);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException(prefix + "jwks-url must be an http(s) URL, was: " + value);
        }
        return uri;
    }

    private static Duration seconds(String prefix, String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(prefix + "clock-skew must be a number of seconds, was: " + value);
        }
    }
}
