package dev.mosaic.gateway.storefront;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mosaic.platform.core.Json;
import io.helidon.config.Config;

/**
 * Where customers sign in in a deployment: the identity provider's authorization and token endpoints and the
 * storefront's client id there ({@code mosaic.gateway.sign-in.*}, docs/adr/0016). The page runs the OpenID Connect
 * authorization-code flow with PKCE itself, as a public client: it sends the customer to the authorization endpoint,
 * takes the code back at {@code /}, and trades it with its code verifier for a token at the token endpoint. The
 * gateway only tells the page these values ({@code GET /auth/oidc}) and lets the page call the token endpoint (its
 * origin is added to the page's {@code connect-src}); it never sees a token in a URL.
 *
 * @param scope    what the page asks for ({@code openid} unless configured)
 * @param audience sent as {@code audience} where the provider needs it to issue a token for this shop's API (Auth0);
 *                 empty: not sent
 */
record OidcSignIn(String clientId, URI authorizationEndpoint, URI tokenEndpoint, String scope, String audience) {

    static final String KEY = "mosaic.gateway.sign-in";
    private static final Set<String> LOOPBACK = Set.of("localhost", "[::1]", "::1");

    /**
     * The configured provider, or empty when {@code client-id} is unset (no sign-in but the development one). A
     * client id without both endpoints, or an endpoint that is not an absolute https URL (http only on loopback),
     * fails the start, naming the key.
     */
    static Optional<OidcSignIn> from(Config gateway) {
        Config node = gateway.get("sign-in");
        String clientId = text(node, "client-id");
        String authorization = text(node, "authorization-endpoint");
        String token = text(node, "token-endpoint");
        if (clientId.isEmpty()) {
            if (!authorization.isEmpty() || !token.isEmpty()) {
                throw new IllegalStateException(KEY + ".client-id is not set, but its endpoints are: set the storefront's "
                        + "client id at the identity provider (MOSAIC_GATEWAY_SIGN_IN_CLIENT_ID), or remove the endpoints");
            }
            return Optional.empty();
        }
        String scope = text(node, "scope");
        return Optional.of(new OidcSignIn(clientId, endpoint("authorization-endpoint", authorization),
                endpoint("token-endpoint", token), scope.isEmpty() ? "openid" : scope, text(node, "audience")));
    }

    /** What the page needs to start the flow. */
    String json() {
        StringBuilder body = new StringBuilder("{\"clientId\":");
        Json.quote(body, clientId).append(",\"authorizationEndpoint\":");
        Json.quote(body, authorizationEndpoint.toString()).append(",\"tokenEndpoint\":");
        Json.quote(body, tokenEndpoint.toString()).append(",\"scope\":");
        Json.quote(body, scope);
        if (!audience.isEmpty()) {
            Json.quote(body.append(",\"audience\":"), audience);
        }
        return body.append('}').toString();
    }

    /** The token endpoint's origin, the one place besides the gateway the page may call. */
    String tokenOrigin() {
        return tokenEndpoint.getScheme() + "://" + tokenEndpoint.getRawAuthority();
    }

    private static URI endpoint(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalStateException(KEY + "." + key + " is not set, but " + KEY + ".client-id is: set both "
                    + "endpoints of the identity provider (its /.well-known/openid-configuration lists them)");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(KEY + "." + key + " is not a URL: " + value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = LOOPBACK.contains(host) || host.matches("127(\\.[0-9]{1,3}){3}");
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback)
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException(KEY + "." + key + " must be an absolute https URL without query or fragment "
                    + "(http only on loopback, for tests): " + value);
        }
        return uri;
    }

    private static String text(Config node, String key) {
        return node.get(key).asString().orElse("").strip();
    }
}
