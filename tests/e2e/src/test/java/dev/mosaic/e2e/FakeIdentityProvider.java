package dev.mosaic.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.platform.dev.DevIssuer;

/**
 * An OpenID Connect provider as far as a public client's authorization-code flow with PKCE needs one, on loopback:
 * {@code /authorize} signs one account in at once and sends the browser back to the client's redirect URI with a
 * code and the client's state; {@code /token} trades that code, once, for an access token (of the stack's
 * development issuer, so the gateway and the services verify it) only with the verifier whose S256 digest was the
 * challenge, for the same client and redirect URI, and lets the storefront's origin read the answer (CORS). Whatever
 * it refuses is kept for the test to show.
 */
final class FakeIdentityProvider implements AutoCloseable {

    static final String CLIENT_ID = "storefront";

    private record Grant(String challenge, String redirectUri) {
    }

    private volatile String subject;
    private volatile boolean admin;
    private final HttpServer server;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile Path issuerDir;

    FakeIdentityProvider(String subject) {
        this.subject = subject;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the identity provider on loopback", e);
        }
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    /** Whom the next sign-ins are for: an account with the admin role, or a customer. */
    void signsIn(String subject, boolean admin) {
        this.subject = subject;
        this.admin = admin;
    }

    /** Tokens are signed with the development issuer kept in {@code dir} (./mosaic up makes it). */
    void issueWith(Path dir) {
        this.issuerDir = dir;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Codes traded for a token. */
    int exchanges() {
        return exchanges.get();
    }

    /** What was refused, and why. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String redirect = q.getOrDefault("redirect_uri", "");
        String problem = !"code".equals(q.get("response_type")) ? "response_type must be code"
                : !CLIENT_ID.equals(q.get("client_id")) ? "unknown client " + q.get("client_id")
                : !redirect.startsWith("http://127.0.0.1:") || redirect.contains("?") || redirect.contains("#") ? "redirect_uri " + redirect
                : !"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() < 43
                        ? "a PKCE challenge (S256) is required"
                : q.getOrDefault("state", "").isEmpty() ? "state is required"
                : !q.getOrDefault("scope", "").contains("openid") ? "scope must include openid" : null;
        if (problem != null) {
            refuse(exchange, "authorize: " + problem);
            return;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(code, new Grant(q.get("code_challenge"), redirect));
        exchange.getResponseHeaders().add("Location", redirect + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            refuse(exchange, "token: " + exchange.getRequestMethod());
            return;
        }
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = grants.remove(f.getOrDefault("code", ""));
        String problem = !"authorization_code".equals(f.get("grant_type")) ? "grant_type must be authorization_code"
                : grant == null ? "unknown or used code"
                : !CLIENT_ID.equals(f.get("client_id")) ? "unknown client " + f.get("client_id")
                : !grant.redirectUri().equals(f.get("redirect_uri")) ? "redirect_uri differs from the authorization's"
                : !grant.challenge().equals(s256(f.getOrDefault("code_verifier", ""))) ? "code_verifier does not match the challenge"
                : null;
        if (problem != null) {
            refuse(exchange, "token: " + problem);
            return;
        }
        String token = DevIssuer.loadOrCreate(issuerDir).issue(subject, admin, Duration.ofHours(1));
        exchanges.incrementAndGet();
        send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private void refuse(HttpExchange exchange, String why) throws IOException {
        refusals.add(why);
        send(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"" + why.replace("\"", "'") + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
