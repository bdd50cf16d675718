package dev.mosaic.platform.auth;

import java.io.IOException;
import java.net.MalformedURLException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RetryingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies bearer tokens: a JWT signed with RS256 or ES256 by a key of the configured source, for the configured
 * issuer and audience, with a subject, within its {@code exp}/{@code nbf} window (give or take the clock skew).
 * Everything else is refused: unsigned ({@code alg: none}) tokens, HMAC-signed tokens (which would let anyone
 * holding the public key forge one), other algorithms, unknown keys. Thread-safe; create one per process.
 */
public final class TokenVerifier {

    /** Only asymmetric algorithms: the verifier holds public keys, and a public key must never verify an HMAC. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final AuthSettings settings;
    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final VerifiedTokens verified;
    private final AtomicLong fullVerifications = new AtomicLong();

    private TokenVerifier(AuthSettings settings, JWSKeySelector<SecurityContext> keys) {
        this.settings = settings;
        // Keys fetched from an identity provider may be withdrawn: a verified token is trusted again without its
        // signature being checked only as long as the fetched keys themselves are. Keys from a file or the
        // configuration do not change while the process runs.
        this.verified = new VerifiedTokens(VerifiedTokens.DEFAULT_CAPACITY,
                settings.jwksUrl().isPresent() ? settings.jwksCacheTtl() : ChronoUnit.FOREVER.getDuration(), Instant::now);
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "exp"),
                null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @throws IllegalStateException when the key source cannot be used at all (unreadable JWKS file, malformed key):
     *                               a configuration error to report at startup
     */
    public static TokenVerifier create(AuthSettings settings) {
        return new TokenVerifier(settings, keySelector(settings));
    }

    public AuthSettings settings() {
        return settings;
    }

    /** The token of an {@code Authorization} header value, if it uses the Bearer scheme (case-insensitive). */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        return Optional.of(value.substring(7).strip()).filter(token -> !token.isEmpty());
    }

    /**
     * @throws InvalidTokenException    the token is refused; the message says why
     * @throws KeysUnavailableException the keys could not be obtained, so nothing can be said about the token
     */
    public Caller verify(String token) throws InvalidTokenException, KeysUnavailableException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        Optional<Caller> known = verified.get(token);
        if (known.isPresent()) {
            return known.get();
        }
        fullVerifications.incrementAndGet();
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a well-formed JWT");
        } catch (BadJWTException e) {
            throw new InvalidTokenException(claimProblem(e.getMessage()));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(signatureProblem(e.getMessage()));
        } catch (JOSEException e) {
            throw new KeysUnavailableException("signing keys unavailable from " + settings.keySource() + ": " + e.getMessage(), e);
        }
        Caller caller = new Caller(claims.getSubject(), roles(claims), claims.getExpirationTime().toInstant());
        verified.put(token, caller);
        return caller;
    }

    /** How many tokens had their signature and claims checked (the rest were answered from the recently verified). */
    long fullVerifications() {
        return fullVerifications.get();
    }

    private Set<String> roles(JWTClaimsSet claims) throws InvalidTokenException {
        Object raw = claims.getClaim(settings.rolesClaim());
        if (raw == null) {
            return Set.of();
        }
        if (raw instanceof String single) {
            return Set.of(single.split("[ ,]+"));
        }
        if (raw instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            Set<String> roles = new HashSet<>();
            list.forEach(role -> roles.add((String) role));
            return roles;
        }
        throw new InvalidTokenException("claim '" + settings.rolesClaim() + "' must be a list of role names");
    }

    /** nimbus' wording, turned into a reason a client can act on. */
    private String claimProblem(String message) {
        String m = String.valueOf(message);
        if (m.startsWith("Expired JWT")) {
            return "token expired";
        }
        if (m.startsWith("JWT before use time")) {
            return "token not valid yet (nbf in the future)";
        }
        if (m.contains("audience") || m.contains("aud claim")) {
            return "token is for another audience (expected '" + settings.audience() + "')";
        }
        if (m.contains("iss claim")) {
            return "token is from another issuer (expected '" + settings.issuer() + "')";
        }
        if (m.contains("missing required claims")) {
            return "token lacks a required claim (sub, exp)";
        }
        return "token claims rejected: " + m;
    }

    private static String signatureProblem(String message) {
        String m = String.valueOf(message);
        if (m.contains("Unsecured") || m.contains("plain")) {
            return "unsigned tokens (alg: none) are not accepted";
        }
        if (m.contains("Invalid signature")) {
            return "token signature is invalid";
        }
        if (m.contains("Another algorithm expected") || m.contains("no matching key")) {
            return "token is not signed with an accepted algorithm (RS256, ES256) and a known key";
        }
        if (m.contains("JWE") || m.contains("encrypted")) {
            return "encrypted tokens are not accepted";
        }
        return "token rejected: " + m;
    }

    private static JWSKeySelector<SecurityContext> keySelector(AuthSettings settings) {
        if (settings.jwksUrl().isPresent()) {
            try {
                // Bounded fetches: a slow identity provider must not hold requests for long.
                DefaultResourceRetriever retriever = new DefaultResourceRetriever(2_000, 2_000, 256 * 1024);
                long ttl = settings.jwksCacheTtl().toMillis();
                JWKSetSource<SecurityContext> fetch =
                        new RetryingJWKSetSource<>(new URLBasedJWKSetSource<>(settings.jwksUrl().get().toURL(), retriever), null);
                // Refreshed a little before expiry by the request that notices, so no request waits for the fetch.
                // nimbus' own outage tolerance and rate limiting are not used: the first fails instead of falling back
                // when the cache asks for a refresh of the very set it holds, the second is not seen as an outage.
                JWKSource<SecurityContext> keys = JWKSourceBuilder.create((JWKSetSource<SecurityContext>) new LastGoodKeys(
                                fetch, settings.jwksMaxStale(), Duration.ofMillis(Math.min(30_000, ttl / 2)), settings.keySource()))
                        .cache(ttl, Math.min(15_000, ttl / 4))
                        .refreshAheadCache(Math.min(30_000, ttl / 4), false)
                        .outageTolerant(false)
                        .rateLimited(false)
                        .retrying(false)
                        .build();
                return new JWSVerificationKeySelector<>(ALGORITHMS, keys);
            } catch (MalformedURLException e) {
                throw new IllegalStateException(AuthSettings.PREFIX + "jwks-url is not a URL: " + settings.jwksUrl().get(), e);
            }
        }
        if (settings.jwksFile().isPresent()) {
            try {
                return new JWSVerificationKeySelector<>(ALGORITHMS,
                        new ImmutableJWKSet<>(publicOnly(JWKSet.load(settings.jwksFile().get().toFile()))));
            } catch (IOException | ParseException e) {
                throw new IllegalStateException("Cannot read the JWKS file " + settings.jwksFile().get() + " ("
                        + AuthSettings.PREFIX + "jwks-file): " + e.getMessage(), e);
            }
        }
        // One configured key, whatever key id the token names; the algorithm must still fit the key's type.
        JWK key = parsePublicKeyPem(settings.publicKey().orElseThrow());
        Key verificationKey = publicKeyOf(key);
        JWSAlgorithm accepted = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        return (header, context) -> accepted.equals(header.getAlgorithm()) ? List.of(verificationKey) : List.of();
    }

    private static Key publicKeyOf(JWK key) {
        try {
            return key instanceof RSAKey rsa ? rsa.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(AuthSettings.PREFIX + "public-key cannot be used: " + e.getMessage(), e);
        }
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) holding an RSA or EC key, read with the JDK alone. */
    static JWK parsePublicKeyPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(AuthSettings.PREFIX + "public-key is not PEM (base64 between BEGIN/END PUBLIC KEY lines)");
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(spec);
            return new RSAKey.Builder((RSAPublicKey) key).build();
        } catch (GeneralSecurityException notRsa) {
            try {
                ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key).build();
            } catch (GeneralSecurityException | RuntimeException notEc) {
                throw new IllegalStateException(AuthSettings.PREFIX + "public-key is neither an RSA nor an EC public key");
            }
        }
    }

    /**
     * Serves the last successfully fetched keys while the identity provider cannot be reached, for at most
     * {@code maxStale} after that fetch: long enough to ride out an outage, bounded so that keys the provider has
     * since revoked are not trusted forever. After that the fetch's own error surfaces (KeysUnavailableException).
     * Fetches at most once per {@code minInterval}: every token naming an unknown key asks for a refresh, and a flood
     * of such tokens must not become a flood of requests to the identity provider.
     */
    static final class LastGoodKeys implements JWKSetSource<SecurityContext> {

        private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());
        private final JWKSetSource<SecurityContext> fetch;
        private final long maxStaleMillis;
        private final long minIntervalMillis;
        private final String source;
        private volatile long lastAttemptAt = Long.MIN_VALUE / 2;
        private volatile JWKSet lastGood;
        private volatile long lastGoodAt;
        private volatile boolean fallingBack;

        LastGoodKeys(JWKSetSource<SecurityContext> fetch, Duration maxStale, Duration minInterval, String source) {
            this.fetch = fetch;
            this.maxStaleMillis = maxStale.toMillis();
            this.minIntervalMillis = minInterval.toMillis();
            this.source = source;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext context) throws KeySourceException {
            JWKSet previous = lastGood;
            if (previous != null && now - lastAttemptAt < minIntervalMillis && now - lastGoodAt <= maxStaleMillis) {
                return previous;
            }
            lastAttemptAt = now;
            try {
                JWKSet keys = fetch.getJWKSet(refresh, now, context);
                lastGood = keys;
                lastGoodAt = now;
                if (fallingBack) {
                    fallingBack = false;
                    LOG.info("Token keys fetched again from " + source);
                }
                return keys;
            } catch (KeySourceException e) {
                JWKSet keys = lastGood;
                if (keys == null || now - lastGoodAt > maxStaleMillis) {
                    throw e;
                }
                if (!fallingBack) {
                    fallingBack = true;
                    LOG.warning("Cannot fetch token keys from " + source + " (" + e + "); verifying with the keys fetched "
                            + (now - lastGoodAt) / 1000 + " s ago until they are " + maxStaleMillis / 1000
                            + " s old (" + AuthSettings.PREFIX + "jwks-max-stale), then refusing requests with 503");
                }
                return keys;
            }
        }

        @Override
        public void close() throws IOException {
            fetch.close();
        }
    }

    /** Keeps only public halves and refuses symmetric keys: a verifier never needs a secret. */
    private static JWKSet publicOnly(JWKSet set) {
        if (set.getKeys().stream().anyMatch(key -> key.toPublicJWK() == null)) {
            throw new IllegalStateException("The token key source contains a symmetric (secret) key; only RSA/EC public keys are accepted");
        }
        return set.toPublicJWKSet();
    }
}
