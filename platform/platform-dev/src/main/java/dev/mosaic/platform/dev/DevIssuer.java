package dev.mosaic.platform.dev;

import dev.mosaic.platform.auth.AuthSettings;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.auth.DevelopmentIssuer;
import dev.mosaic.platform.auth.WorkloadVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The development token issuer: an ES256 key pair kept in a folder ({@code <MOSAIC_HOME>/auth} for {@code ./mosaic}),
 * whose public half ({@code jwks.json}) the gateway and services are pointed at in local runs only. Anyone with the
 * folder can mint tokens, which is exactly what a developer wants and exactly why no shared deployment uses it.
 */
public final class DevIssuer implements DevelopmentIssuer {

    /** How the gateway finds this issuer without depending on this module ({@link DevelopmentIssuer#load}). */
    public static final class Provider implements DevelopmentIssuer.Provider {
        @Override
        public DevelopmentIssuer open(Path keyDir) {
            return loadOrCreate(keyDir);
        }
    }

    public static final String ISSUER = "mosaic-dev";
    public static final String AUDIENCE = "mosaic";
    public static final String PRIVATE_KEY_FILE = "dev-signing-key.jwk.json";
    public static final String JWKS_FILE = "jwks.json";

    private final ECKey key;
    private final Path jwksFile;

    private DevIssuer(ECKey key, Path jwksFile) {
        this.key = key;
        this.jwksFile = jwksFile;
    }

    /** Loads the key pair from {@code dir}, creating it (private key readable by the owner only) on first use. */
    public static synchronized DevIssuer loadOrCreate(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path jwks = dir.resolve(JWKS_FILE);
        try {
            ECKey key;
            if (Files.exists(privateFile)) {
                key = ECKey.parse(Files.readString(privateFile));
            } else {
                Files.createDirectories(dir);
                key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyID("mosaic-dev-" + UUID.randomUUID().toString().substring(0, 8)).generate();
                Path tmp = Files.createTempFile(dir, "key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's own permissions apply.
                }
                Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(tmp, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            String publicSet = new JWKSet(key.toPublicJWK()).toString(true);
            if (!Files.exists(jwks) || !Files.readString(jwks).equals(publicSet)) {
                Files.writeString(jwks, publicSet, StandardCharsets.UTF_8);
            }
            return new DevIssuer(key, jwks);
        } catch (IOException | ParseException | JOSEException e) {
            throw new IllegalStateException("Cannot create or read the development signing key in " + dir + ": "
                    + e.getMessage() + " (delete the folder to start over)", e);
        }
    }

    /** The public keys to verify this issuer's tokens with ({@code mosaic.auth.jwks-file}). */
    public Path jwksFile() {
        return jwksFile;
    }

    /** The settings a verifier of this issuer's tokens uses. */
    public AuthSettings settings() {
        return new AuthSettings(ISSUER, AUDIENCE, java.util.Optional.empty(), java.util.Optional.of(jwksFile),
                                java.util.Optional.empty(), Duration.ofSeconds(30), "groups");
    }

    /** A customer token ({@code roles} = customer) or an admin token (customer and admin), valid for {@code ttl}. */
    @Override
    public String issue(String subject, boolean admin, Duration ttl) {
        return issue(subject, admin ? Set.of(Caller.CUSTOMER, Caller.ADMIN) : Set.of(Caller.CUSTOMER), ttl);
    }

    public String issue(String subject, Set<String> roles, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("groups", List.copyOf(roles))
                .build();
        return sign(claims);
    }

    /**
     * A workload token of the shape Kubernetes projects for a ServiceAccount: subject
     * {@code system:serviceaccount:mosaic:<workload>}, audience the callee, no roles.
     */
    public String issueWorkload(String workload, String audience, Duration ttl) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject(WorkloadVerifier.DEFAULT_SUBJECT_PREFIX + workload)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    }

    /**
     * Writes {@code workload}'s tokens for each of {@code callees} into {@code dir} (one file per callee, as a
     * projected token volume holds them), replacing each file atomically so a reader never sees half a token.
     */
    public void writeWorkloadTokens(Path dir, String workload, Iterable<String> callees, Duration ttl) {
        try {
            Files.createDirectories(dir);
            for (String callee : callees) {
                Path tmp = Files.createTempFile(dir, "." + callee, ".tmp");
                Files.writeString(tmp, issueWorkload(workload, callee, ttl), StandardCharsets.US_ASCII,
                                  StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(tmp, dir.resolve(callee), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                           java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the workload tokens of " + workload + " into " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Signs arbitrary claims with the development key: for tests that need a well-signed but otherwise bad token. */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                                                  .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing a development token failed: " + e.getMessage(), e);
        }
    }

    /** The public half of the signing key, as a JWKS document. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }
}
