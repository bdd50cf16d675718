package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.security.Principal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.auth.AuthSettings;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.auth.InvalidTokenException;
import dev.mosaic.platform.auth.KeysUnavailableException;
import dev.mosaic.platform.auth.TokenVerifier;
import dev.mosaic.platform.auth.WorkloadVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.Config;

/**
 * Establishes who is calling, from two credentials, each verified here again (a service trusts no identity it cannot
 * check itself, whoever reached its port):
 * <ul>
 *     <li>{@code Authorization: Bearer} — the end user, verified with {@code mosaic.auth.*} (the customers' identity
 *         provider). A valid token becomes the request's {@link SecurityContext} (principal = the token's subject).
 *         A workload token here (what Knative Eventing sends to {@code /events}, or a developer calling a port) is
 *         recognised as the calling workload instead; Eventing's tokens may carry the sink's own audience
 *         ({@code mosaic.events.push.audience}) rather than the service's name.</li>
 *     <li>{@code Workload-Authorization: Bearer} — the calling workload, verified with {@code mosaic.workload-auth.*}
 *         (the cluster's service-account issuer; audience = this service).</li>
 * </ul>
 * A bad credential is refused with 401 whatever the resource; which callers a resource admits is
 * {@link AccessControl}'s job. Resources ask {@link Callers}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class BearerAuthentication implements ContainerRequestFilter {

    private static final Logger LOGGER = Logger.getLogger(BearerAuthentication.class.getName());
    /** The audience Knative Eventing's senders (KafkaSource, PingSource) put in their tokens: the sink's {@code audience}. */
    static final String PUSH_AUDIENCE = "mosaic.events.push.audience";

    private final Config config;
    private Optional<TokenVerifier> verifier = Optional.empty();
    private Optional<WorkloadVerifier> workloads = Optional.empty();
    /** Knative Eventing's senders ask for tokens of the sink's audience, which may differ from the service's name. */
    private Optional<WorkloadVerifier> senders = Optional.empty();

    @Inject
    public BearerAuthentication(Config config) {
        this.config = config;
    }

    @PostConstruct
    void init() {
        Optional<AuthSettings> settings = AuthSettings.from(key -> config.getOptionalValue(key, String.class));
        verifier = settings.map(TokenVerifier::create);
        if (settings.isPresent()) {
            LOGGER.info("Bearer tokens verified against " + settings.get().keySource());
        } else {
            LOGGER.warning("No token keys configured (" + AuthSettings.PREFIX + "jwks-url, jwks-file or public-key): "
                    + "customers' bearer tokens are refused, so every customer and admin call gets 401");
        }
        String self = config.getOptionalValue("mosaic.service.name", String.class).orElse("unknown");
        workloads = WorkloadVerifier.from(key -> config.getOptionalValue(key, String.class), self);
        Optional<String> pushAudience = config.getOptionalValue(PUSH_AUDIENCE, String.class).map(String::strip)
                .filter(a -> !a.isEmpty() && !a.equals(workloads.map(w -> w.settings().audience()).orElse(a)));
        senders = pushAudience.flatMap(audience -> WorkloadVerifier.from(key -> key.equals(WorkloadVerifier.PREFIX + "audience")
                ? Optional.of(audience) : config.getOptionalValue(key, String.class), self));
        if (workloads.isPresent()) {
            LOGGER.info("Workload tokens (audience '" + workloads.get().settings().audience() + "'"
                    + pushAudience.map(a -> ", and '" + a + "' from event senders").orElse("") + ") verified against "
                    + workloads.get().settings().keySource());
        } else {
            LOGGER.warning("No workload token keys configured (" + WorkloadVerifier.PREFIX + "jwks-url, jwks-file or "
                    + "public-key): calls from other services are refused with 401");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> workloadToken = TokenVerifier.bearer(request.getHeaderString(WorkloadVerifier.HEADER));
        if (workloadToken.isPresent()) {
            request.setProperty(Callers.WORKLOAD, verifyWorkload(workloadToken.get(), WorkloadVerifier.HEADER));
        }
        Optional<String> token = TokenVerifier.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return;
        }
        if (verifier.isEmpty()) {
            Optional<String> workload = workloadToken.isEmpty() ? workloadOrEmpty(token.get()) : Optional.empty();
            if (workload.isPresent()) {
                request.setProperty(Callers.WORKLOAD, workload.get());
                return;
            }
            throw ProblemException.unauthenticated("The bearer token cannot be checked: this service has no customer "
                    + "token keys configured (" + AuthSettings.PREFIX + "*)");
        }
        Caller caller;
        try {
            caller = verifier.get().verify(token.get());
        } catch (InvalidTokenException e) {
            // Not a customer's token; it may be a workload's (Knative Eventing sends its token in Authorization).
            if (workloadToken.isEmpty()) {
                Optional<String> workload = workloadOrEmpty(token.get());
                if (workload.isPresent()) {
                    request.setProperty(Callers.WORKLOAD, workload.get());
                    return;
                }
            }
            throw ProblemException.unauthenticated("The bearer token was refused: " + e.getMessage());
        } catch (KeysUnavailableException e) {
            throw keysUnavailable(e);
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setProperty(Callers.PROPERTY, caller);
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller::subject;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.hasRole(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    /** The workload a token proves, for code outside HTTP requests (the gRPC service); 401 problem when it proves none. */
    public String verifyWorkload(String token, String where) {
        if (workloads.isEmpty()) {
            throw ProblemException.unauthenticated("This service verifies no workload tokens (" + WorkloadVerifier.PREFIX
                    + "* not configured), so the " + where + " token cannot be accepted");
        }
        try {
            return workloads.get().verify(token);
        } catch (InvalidTokenException e) {
            throw ProblemException.unauthenticated("The workload token in " + where + " was refused: " + e.getMessage());
        } catch (KeysUnavailableException e) {
            throw keysUnavailable(e);
        }
    }

    private Optional<String> workloadOrEmpty(String token) {
        for (Optional<WorkloadVerifier> verifier : java.util.List.of(workloads, senders)) {
            if (verifier.isEmpty()) {
                continue;
            }
            try {
                return Optional.of(verifier.get().verify(token));
            } catch (InvalidTokenException e) {
                // Not this audience; the next, if any.
            } catch (KeysUnavailableException e) {
                throw keysUnavailable(e);
            }
        }
        return Optional.empty();
    }

    private static ProblemException keysUnavailable(KeysUnavailableException e) {
        LOGGER.log(Level.WARNING, "Cannot check a bearer token: " + e.getMessage());
        return ProblemException.unavailable("The token could not be checked: signing keys unavailable", 2);
    }
}
