package dev.mosaic.gateway.storefront;

import dev.mosaic.gateway.InlinePage;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.platform.auth.DevelopmentIssuer;
import dev.mosaic.platform.core.Json;

import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * The storefront: {@code GET /} serves one self-contained page (its script and style inline, allowed by hash, see
 * {@link InlinePage}) that talks to the public API only; {@code GET /images/products/{sku}.svg} draws each product's
 * picture; only where {@code mosaic.gateway.dev-sign-in.issuer-dir} is set (./mosaic up sets it),
 * {@code /dev/sign-in} hands out tokens of the development issuer; and only where an identity provider is configured
 * ({@link OidcSignIn}), {@code GET /auth/oidc} tells the page where customers sign in. Weighted as the
 * gateway's other own answers (10): above the proxy's catch-all, below observe (80).
 */
public final class StorefrontFeature implements HttpFeature, Weighted {

    static final String PAGE = "storefront/index.html";
    static final String SIGN_IN_PATH = "/dev/sign-in";
    static final String OIDC_PATH = "/auth/oidc";
    /** The customers the development sign-in offers; any token subject is a customer, these are just a choice. */
    static final List<String> CUSTOMERS = List.of("customer-1", "customer-2", "customer-3");
    static final String ADMIN = "admin";
    static final Duration TOKEN_TTL = Duration.ofHours(1);

    private static final Pattern IMAGE = Pattern.compile("([a-z0-9][a-z0-9-]{0,63})\\.svg");
    private static final int MAX_SIGN_IN_BODY = 256;
    private static final Logger LOGGER = Logger.getLogger(StorefrontFeature.class.getName());

    private final InlinePage page;
    private final Optional<DevelopmentIssuer> devIssuer;
    private final Optional<OidcSignIn> oidc;

    private StorefrontFeature(InlinePage page, Optional<DevelopmentIssuer> devIssuer, Optional<OidcSignIn> oidc) {
        this.page = page;
        this.devIssuer = devIssuer;
        this.oidc = oidc;
    }

    public static StorefrontFeature create(Config config) {
        Optional<DevelopmentIssuer> issuer = config.get("mosaic.gateway.dev-sign-in.issuer-dir").asString().asOptional()
                .map(String::strip).filter(dir -> !dir.isEmpty())
                .map(dir -> DevelopmentIssuer.load(Path.of(dir), devClassLoader(config)));
        if (issuer.isPresent()) {
            LOGGER.warning("Development sign-in is on at " + SIGN_IN_PATH + ": anyone who reaches this gateway can take a "
                           + "token of the development issuer (mosaic.gateway.dev-sign-in.issuer-dir; local runs only)");
        }
        Optional<OidcSignIn> oidc = OidcSignIn.from(config.get("mosaic.gateway"));
        oidc.ifPresent(o -> LOGGER.info(() -> "Customers sign in at " + o.authorizationEndpoint() + " as client '"
                + o.clientId() + "' (" + OidcSignIn.KEY + ".*); the storefront may call " + o.tokenOrigin()));
        return new StorefrontFeature(InlinePage.load(PAGE, oidc.map(o -> List.of(o.tokenOrigin())).orElse(List.of())),
                issuer, oidc);
    }

    /**
     * Where the development issuer is looked for: the jar that {@code mosaic.gateway.dev-sign-in.jar} names (./mosaic
     * names platform-dev's; the gateway's own artifact never contains it), else the gateway's class path (tests).
     */
    private static ClassLoader devClassLoader(Config config) {
        ClassLoader own = StorefrontFeature.class.getClassLoader();
        return config.get("mosaic.gateway.dev-sign-in.jar").asString().asOptional()
                .map(String::strip).filter(jar -> !jar.isEmpty())
                .<ClassLoader>map(jar -> {
                    try {
                        return new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, own);
                    } catch (MalformedURLException e) {
                        throw new IllegalArgumentException("mosaic.gateway.dev-sign-in.jar is not a path: " + jar, e);
                    }
                })
                .orElse(own);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> page.send(res))
                .get("/images/products/{name}", StorefrontFeature::image);
        if (devIssuer.isPresent()) {
            routing.get(SIGN_IN_PATH, StorefrontFeature::signInChoices)
                    .post(SIGN_IN_PATH, this::signIn);
        }
        oidc.ifPresent(provider -> {
            String body = provider.json();
            routing.get(OIDC_PATH, (req, res) -> {
                res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
                res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
                res.send(body);
            });
        });
    }

    @Override
    public double weight() {
        return 10;
    }

    /** Who may be picked: the page shows the development sign-in only when this answers. */
    private static void signInChoices(ServerRequest req, ServerResponse res) {
        StringBuilder body = new StringBuilder("{\"development\":true,\"customers\":[");
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            Json.quote(i == 0 ? body : body.append(','), CUSTOMERS.get(i));
        }
        body.append("],\"admin\":");
        Json.quote(body, ADMIN).append('}');
        noStore(res);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        res.send(body.toString());
    }

    /** {@code {"customer":"customer-1"}} (or the admin) answers a token in the body: never in a URL, never logged. */
    private void signIn(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        if (req.headers().contentLength().orElse(0) > MAX_SIGN_IN_BODY) {
            Problems.payloadTooLarge(res, MAX_SIGN_IN_BODY, path);
            return;
        }
        String who;
        try (var reader = UpstreamJson.JSON.createReader(new StringReader(
                new String(req.content().inputStream().readNBytes(MAX_SIGN_IN_BODY + 1), StandardCharsets.UTF_8)))) {
            JsonObject body = reader.readObject();
            who = body.get("customer") instanceof JsonString s ? s.getString() : "";
        } catch (JsonException | ClassCastException | java.io.IOException e) {
            Problems.badRequest(res, "The body must be a JSON object such as {\"customer\":\"customer-1\"}.", path);
            return;
        }
        boolean admin = ADMIN.equals(who);
        if (!admin && !CUSTOMERS.contains(who)) {
            Problems.badRequest(res, "customer must be one of " + CUSTOMERS + " or '" + ADMIN + "'.", path);
            return;
        }
        String token = devIssuer.orElseThrow().issue(who, admin, TOKEN_TTL);
        StringBuilder body = new StringBuilder(token.length() + 80).append("{\"subject\":");
        Json.quote(body, who).append(",\"admin\":").append(admin).append(",\"expiresIn\":")
                .append(TOKEN_TTL.toSeconds()).append(",\"token\":");
        Json.quote(body, token).append('}');
        noStore(res);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        res.send(body.toString());
    }

    /**
     * A product's picture, drawn from its sku (the category prefix picks colour and motif): small, the same for
     * everyone, so caches keep it a day. Names that are not a sku get a 404 problem.
     */
    private static void image(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().first("name").orElse("");
        var m = IMAGE.matcher(name);
        if (!m.matches()) {
            Problems.notFound(res, req.path().rawPath());
            return;
        }
        byte[] svg = ProductImages.svg(m.group(1)).getBytes(StandardCharsets.UTF_8);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "image/svg+xml"));
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "public, max-age=86400"));
        res.header(HeaderValues.create(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'"));
        res.status(Status.OK_200).send(svg);
    }

    private static void noStore(ServerResponse res) {
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
    }
}
