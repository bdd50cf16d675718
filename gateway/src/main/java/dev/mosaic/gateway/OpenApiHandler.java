package dev.mosaic.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code GET /openapi}: the public API's document (JSON; YAML with {@code ?format=yaml} or an {@code Accept} naming
 * YAML only), and {@code GET /openapi/ui}: a self-contained page that renders it.
 */
final class OpenApiHandler {

    static final String DOCUMENT_PATH = "/openapi";
    static final String PAGE_PATH = "/openapi/ui";
    static final String PAGE = "openapi/ui.html";
    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final OpenApiAggregator aggregator;
    private final Optional<String> serverUrl;
    private final byte[] page;
    private final String pagePolicy;

    /**
     * @param serverUrl the gateway's public URL for the document's {@code servers}; when empty, the scheme and
     *                  host the caller used
     */
    OpenApiHandler(OpenApiAggregator aggregator, Optional<String> serverUrl) {
        this.aggregator = aggregator;
        this.serverUrl = serverUrl;
        String html = readPage();
        this.page = html.getBytes(StandardCharsets.UTF_8);
        this.pagePolicy = contentSecurityPolicy(html);
    }

    void document(ServerRequest req, ServerResponse res) {
        Optional<String> format = req.query().first("format").asOptional().map(f -> f.toLowerCase(Locale.ROOT));
        if (format.isPresent() && !format.get().equals("json") && !format.get().equals("yaml")) {
            Problems.badRequest(res, "format must be json or yaml.", req.path().rawPath());
            return;
        }
        boolean yaml = format.map("yaml"::equals).orElseGet(() -> acceptsOnlyYaml(req));
        JsonObject merged = aggregator.document(correlationHeaders(req));
        String server = serverUrl.orElseGet(() -> (req.isSecure() ? "https" : "http") + "://" + req.authority());
        JsonObject doc = UpstreamJson.JSON.createObjectBuilder()
                .add("openapi", merged.get("openapi"))
                .add("info", merged.get("info"))
                .add("servers", UpstreamJson.JSON.createArrayBuilder()
                        .add(UpstreamJson.JSON.createObjectBuilder().add("url", server)))
                .addAll(UpstreamJson.JSON.createObjectBuilder(merged).remove("openapi").remove("info"))
                .build();
        // Browsers and tools may keep it briefly, as the gateway does.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "max-age=10"));
        if (yaml) {
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/yaml"));
            res.send(toYaml(doc));
        } else {
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send(OrderDetailsHandler.write(doc));
        }
    }

    void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8"));
        res.header(HeaderValues.create(HeaderNames.create("Content-Security-Policy"), pagePolicy));
        res.header(HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff"));
        res.status(Status.OK_200).send(page);
    }

    private static boolean acceptsOnlyYaml(ServerRequest req) {
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("yaml") && !accept.contains("json");
    }

    private static List<Header> correlationHeaders(ServerRequest req) {
        Correlation correlation = req.context().get(Correlation.class, Correlation.class)
                .orElseGet(() -> CorrelationFilter.correlation(req.headers()));
        List<Header> headers = new ArrayList<>();
        headers.add(HeaderValues.create(ProxyHandler.X_REQUEST_ID, correlation.requestId()));
        headers.add(HeaderValues.create(ProxyHandler.TRACEPARENT, correlation.traceparent()));
        return headers;
    }

    static String toYaml(JsonValue doc) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return new Yaml(options).dump(plain(doc));
    }

    /** JSON-P values as the maps, lists and scalars SnakeYAML writes without type tags. */
    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
            case ARRAY -> ((JsonArray) value).stream().map(OpenApiHandler::plain).toList();
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    /**
     * Allows exactly the page's own inline script and style (by hash) and calls back to this origin: the document
     * comes from the services, and a description crafted to inject markup must find nothing it could run.
     */
    private static String contentSecurityPolicy(String html) {
        StringBuilder scripts = new StringBuilder();
        StringBuilder styles = new StringBuilder();
        Matcher m = INLINE.matcher(html);
        while (m.find()) {
            (m.group(1).equals("script") ? scripts : styles).append(" 'sha256-").append(sha256(m.group(2))).append('\'');
        }
        return "default-src 'none'; connect-src 'self'; img-src 'self' data:; script-src" + scripts
                + "; style-src" + styles + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String readPage() {
        try (InputStream in = OpenApiHandler.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the gateway's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
