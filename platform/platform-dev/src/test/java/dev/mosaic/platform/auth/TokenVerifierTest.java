package dev.mosaic.platform.auth;

import dev.mosaic.platform.dev.DevIssuer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierTest {

    @TempDir
    static Path dir;
    static DevIssuer issuer;
    static TokenVerifier verifier;

    @BeforeAll
    static void keys() {
        issuer = DevIssuer.loadOrCreate(dir.resolve("auth"));
        verifier = TokenVerifier.create(issuer.settings());
    }

    @Test
    void acceptsAFreshCustomerToken() throws Exception {
        Caller caller = verifier.verify(issuer.issue("customer-7", false, Duration.ofMinutes(5)));

        assertThat(caller.subject()).isEqualTo("customer-7");
        assertThat(caller.roles()).containsExactly(Caller.CUSTOMER);
        assertThat(caller.isAdmin()).isFalse();
        assertThat(verifier.verify(issuer.issue("ops", true, Duration.ofMinutes(5))).isAdmin()).isTrue();
    }

    @Test
    void refusesExpiredAndNotYetValidBeyondTheSkew() {
        Instant now = Instant.now();
        assertRefused(issuer.sign(claims().expirationTime(Date.from(now.minusSeconds(120))).build()), "expired");
        assertRefused(issuer.sign(claims().notBeforeTime(Date.from(now.plusSeconds(120))).build()), "not valid yet");
    }

    @Test
    void toleratesClockSkewWithinTheConfiguredWindow() throws Exception {
        Instant now = Instant.now();
        String justExpired = issuer.sign(claims().expirationTime(Date.from(now.minusSeconds(10))).build());
        String almostValid = issuer.sign(claims().notBeforeTime(Date.from(now.plusSeconds(10))).build());

        assertThat(verifier.verify(justExpired).subject()).isEqualTo("customer-1");
        assertThat(verifier.verify(almostValid).subject()).isEqualTo("customer-1");
    }

    @Test
    void refusesOtherIssuerAudienceOrMissingSubject() {
        assertRefused(issuer.sign(claims().issuer("https://evil.example").build()), "another issuer");
        assertRefused(issuer.sign(claims().audience("someone-else").build()), "another audience");
        assertRefused(issuer.sign(claims().subject(null).build()), "required claim");
    }

    @Test
    void refusesUnsignedTokens() {
        assertRefused(new PlainJWT(claims().build()).serialize(), "alg: none");
    }

    @Test
    void refusesAnHmacSignedWithThePublicKey() throws Exception {
        // The classic confusion: a verifier that lets the token choose HS256 would check it with the public key's bytes.
        byte[] publicKey = issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        forged.sign(new MACSigner(publicKey));

        assertRefused(forged.serialize(), "accepted algorithm");
    }

    @Test
    void refusesAValidlyShapedTokenFromAnotherKey() throws Exception {
        DevIssuer stranger = DevIssuer.loadOrCreate(dir.resolve("stranger"));
        assertRefused(stranger.issue("customer-1", true, Duration.ofMinutes(5)), "known key");
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = issuer.issue("customer-1", false, Duration.ofMinutes(5)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("customer-1", "customer-2").replace("\"customer\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRefused(tampered, "signature is invalid");
    }

    @Test
    void refusesGarbageAndOversizedTokens() {
        assertRefused("not-a-jwt", "well-formed");
        assertRefused("a.b.c", "well-formed");
        assertRefused("x".repeat(9000), "longer than");
        assertRefused(" ", "no token");
    }

    @Test
    void refusesRolesThatAreNotAList() {
        assertRefused(issuer.sign(claims().claim("groups", Map.of("admin", true)).build()), "list of role names");
    }

    @Test
    void verifiesRs256AgainstAConfiguredPemPublicKey() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, String> config = Map.of(
                "mosaic.auth.public-key", pem, "mosaic.auth.issuer", "https://idp.example", "mosaic.auth.audience", "shop");
        TokenVerifier rsaVerifier = TokenVerifier.create(AuthSettings.from(k -> Optional.ofNullable(config.get(k))).orElseThrow());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example").audience("shop").subject("c-9")
                        .expirationTime(Date.from(Instant.now().plusSeconds(60))).claim("groups", List.of("customer")).build());
        jwt.sign(new RSASSASigner(rsa));

        assertThat(rsaVerifier.verify(jwt.serialize()).subject()).isEqualTo("c-9");
        assertThatThrownBy(() -> rsaVerifier.verify(issuer.issue("c-9", false, Duration.ofMinutes(1))))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void settingsNameTheKeyToFix() {
        assertThat(AuthSettings.from(k -> Optional.empty())).isEmpty();
        assertThatThrownBy(() -> AuthSettings.from(k -> k.equals("mosaic.auth.jwks-file") ? Optional.of("/x") : Optional.empty()))
                .hasMessageContaining("mosaic.auth.issuer");
        Map<String, String> two = Map.of("mosaic.auth.jwks-file", "/x", "mosaic.auth.jwks-url", "https://idp/jwks",
                                         "mosaic.auth.issuer", "i", "mosaic.auth.audience", "a");
        assertThatThrownBy(() -> AuthSettings.from(k -> Optional.ofNullable(two.get(k)))).hasMessageContaining("exactly one");
        Map<String, String> missingFile = Map.of("mosaic.auth.jwks-file", dir.resolve("nope.json").toString(),
                                                 "mosaic.auth.issuer", "i", "mosaic.auth.audience", "a");
        assertThatThrownBy(() -> TokenVerifier.create(AuthSettings.from(k -> Optional.ofNullable(missingFile.get(k))).orElseThrow()))
                .hasMessageContaining("nope.json").hasMessageContaining("mosaic.auth.jwks-file");
    }

    @Test
    void bearerParsesTheSchemeCaseInsensitively() {
        assertThat(TokenVerifier.bearer("Bearer abc")).contains("abc");
        assertThat(TokenVerifier.bearer("bearer  abc ")).contains("abc");
        assertThat(TokenVerifier.bearer("Basic abc")).isEmpty();
        assertThat(TokenVerifier.bearer("Bearer ")).isEmpty();
        assertThat(TokenVerifier.bearer(null)).isEmpty();
    }

    @Test
    void theIssuerKeepsItsKeyAcrossLoadsAndPublishesOnlyThePublicHalf() throws Exception {
        DevIssuer again = DevIssuer.loadOrCreate(dir.resolve("auth"));
        assertThat(verifier.verify(again.issue("c", false, Duration.ofMinutes(1))).subject()).isEqualTo("c");
        assertThat(Files.readString(again.jwksFile())).doesNotContain("\"d\"");
        assertThat(Files.getPosixFilePermissions(dir.resolve("auth").resolve(DevIssuer.PRIVATE_KEY_FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                           java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void checksTheSignatureOfATokenPresentedAgainOnlyOnce() throws Exception {
        TokenVerifier fresh = TokenVerifier.create(issuer.settings());
        String token = issuer.issue("customer-3", false, Duration.ofMinutes(5));

        for (int i = 0; i < 100; i++) {
            assertThat(fresh.verify(token).subject()).isEqualTo("customer-3");
        }
        assertThat(fresh.fullVerifications()).isEqualTo(1);

        // One character changed is another token: checked in full, and refused.
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> fresh.verify(tampered)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> fresh.verify(tampered)).isInstanceOf(InvalidTokenException.class);
        assertThat(fresh.fullVerifications()).isEqualTo(3);
    }

    @Test
    void aTokenVerifiedBeforeStillExpiresOnTime() throws Exception {
        AuthSettings s = issuer.settings();
        TokenVerifier noSkew = TokenVerifier.create(new AuthSettings(s.issuer(), s.audience(), s.jwksUrl(), s.jwksFile(),
                s.publicKey(), Duration.ZERO, s.rolesClaim(), s.jwksCacheTtl(), s.jwksMaxStale()));
        Instant exp = Instant.now().plusSeconds(2);
        String token = issuer.sign(claims().expirationTime(Date.from(exp)).build());
        assertThat(noSkew.verify(token).subject()).isEqualTo("customer-1");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> refused(noSkew, token));
        // JWT times have whole seconds: refused once exp has passed, not before.
        assertThat(Instant.now()).isAfterOrEqualTo(exp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThatThrownBy(() -> noSkew.verify(token)).hasMessageContaining("expired");
    }

    private static boolean refused(TokenVerifier v, String token) {
        try {
            v.verify(token);
            return false;
        } catch (InvalidTokenException e) {
            return true;
        } catch (KeysUnavailableException e) {
            throw new AssertionError(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(DevIssuer.ISSUER).audience(DevIssuer.AUDIENCE).subject("customer-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("groups", List.of("customer"));
    }

    private static void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining(reason);
    }

}
