package dev.mosaic.platform.web;

import java.security.Principal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mosaic.platform.auth.AuthSettings;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.auth.InvalidTokenException;
import dev.mosaic.platform.auth.KeysUnavailableException;
import dev.mosaic.platform.auth.TokenVerifier;
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
 * Verifies the bearer token the gateway passed on, again, with the same keys ({@code mosaic.auth.*}): a service
 * trusts no identity it cannot check itself, so a caller who reaches a service port directly cannot act as anyone
 * else. A valid token becomes the request's {@link SecurityContext} (principal = the token's subject); a bad one is
 * refused with 401 whatever the resource. Resources that need a caller ask {@link Callers}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class BearerAuthentication implements ContainerRequestFilter {

    private static final Logger LOGGER = Logger.getLogger(BearerAuthentication.class.getName());

    private final Config config;
    private Optional<TokenVerifier> verifier = Optional.empty();

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
                    + "calls that need a caller will be refused with 401");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = TokenVerifier.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return;
        }
        if (verifier.isEmpty()) {
            throw ProblemException.unauthenticated("This service has no token keys configured (" + AuthSettings.PREFIX
                    + "jwks-url, jwks-file or public-key), so it cannot accept a bearer token");
        }
        Caller caller;
        try {
            caller = verifier.get().verify(token.get());
        } catch (InvalidTokenException e) {
            throw ProblemException.unauthenticated("The bearer token was refused: " + e.getMessage());
        } catch (KeysUnavailableException e) {
            LOGGER.log(Level.WARNING, "Cannot check a bearer token: " + e.getMessage());
            throw ProblemException.unavailable("The token could not be checked: signing keys unavailable", 2);
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
}
