package dev.mosaic.platform.auth;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies the token a calling workload presents, and names the workload. A workload token is what Kubernetes
 * projects into a pod for its ServiceAccount ({@code sub = system:serviceaccount:<namespace>:<account>}, {@code aud}
 * = the callee), signed by the cluster's service-account issuer; locally the development issuer signs tokens of the
 * same shape. Settings under {@code mosaic.workload-auth.}: the same keys as {@link AuthSettings} (issuer, one key
 * source, clock skew), with {@code audience} defaulting to the verifying service's own name, and
 * {@code subject-prefix} (default {@value #DEFAULT_SUBJECT_PREFIX}): only subjects under it are workloads of this
 * shop, and the rest of the subject is the workload's name ({@code orders}).
 */
public final class WorkloadVerifier {

    public static final String PREFIX = "mosaic.workload-auth.";
    /** The request header a workload's token travels in; {@code Authorization} stays the end user's. */
    public static final String HEADER = "Workload-Authorization";
    public static final String DEFAULT_SUBJECT_PREFIX = "system:serviceaccount:mosaic:";
    /** Every key read, by its full name (for environment mapping, and whoever greps for a setting). */
    public static final java.util.List<String> KEYS = java.util.List.of("mosaic.workload-auth.jwks-url",
            "mosaic.workload-auth.jwks-file", "mosaic.workload-auth.public-key", "mosaic.workload-auth.issuer",
            "mosaic.workload-auth.audience", "mosaic.workload-auth.clock-skew", "mosaic.workload-auth.subject-prefix",
            "mosaic.workload-auth.jwks-cache-ttl", "mosaic.workload-auth.jwks-max-stale");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    private final TokenVerifier verifier;
    private final String subjectPrefix;

    private WorkloadVerifier(TokenVerifier verifier, String subjectPrefix) {
        this.verifier = verifier;
        this.subjectPrefix = subjectPrefix;
    }

    /**
     * The verifier the settings describe, or empty when no workload key source is configured (then no workload is
     * recognised, and endpoints reserved for workloads refuse every call).
     *
     * @param self the verifying service's name: the audience a token must carry unless configured otherwise
     */
    public static Optional<WorkloadVerifier> from(Function<String, Optional<String>> lookup, String self) {
        Function<String, Optional<String>> withDefaults = key -> lookup.apply(key).filter(v -> !v.isBlank())
                .or(() -> key.equals(PREFIX + "audience") ? Optional.of(self) : Optional.empty());
        String subjectPrefix = lookup.apply(PREFIX + "subject-prefix").map(String::strip).filter(v -> !v.isEmpty())
                .orElse(DEFAULT_SUBJECT_PREFIX);
        return AuthSettings.from(PREFIX, withDefaults)
                .map(settings -> new WorkloadVerifier(TokenVerifier.create(settings), subjectPrefix));
    }

    public static WorkloadVerifier of(AuthSettings settings, String subjectPrefix) {
        return new WorkloadVerifier(TokenVerifier.create(settings), subjectPrefix);
    }

    public AuthSettings settings() {
        return verifier.settings();
    }

    /**
     * The name of the workload the token proves, e.g. {@code orders}.
     *
     * @throws InvalidTokenException    the token is refused (signature, issuer, audience, time, or not a workload)
     * @throws KeysUnavailableException the issuer's keys could not be obtained
     */
    public String verify(String token) throws InvalidTokenException, KeysUnavailableException {
        Caller caller = verifier.verify(token);
        String subject = caller.subject();
        if (!subject.startsWith(subjectPrefix)) {
            throw new InvalidTokenException("token's subject is not a workload of this shop (expected '" + subjectPrefix + "<name>')");
        }
        String name = subject.substring(subjectPrefix.length());
        if (!NAME.matcher(name).matches()) {
            throw new InvalidTokenException("token's subject does not name a workload");
        }
        return name;
    }
}
