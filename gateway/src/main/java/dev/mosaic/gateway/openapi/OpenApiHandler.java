package dev.mosaic.gateway.openapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.gateway.Correlation;
import dev.mosaic.gateway.GatewayConfig;
import dev.mosaic.gateway.InlinePage;
import dev.mosaic.gateway.Problems;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.upstream.UpstreamJson;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
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
public final class OpenApiHandler {

    public static final String DOCUMENT_PATH = "/openapi";
    public static final String PAGE_PATH = "/openapi/ui";
    static final String PAGE = "openapi/ui.html";

    private final OpenApiAggregator aggregator;
    private final Optional<String> serverUrl;
    private final InlinePage page;

    /**
     * @param serverUrl the gateway's public URL for the document's {@code servers}; when empty, the scheme and
     *                  host the caller used
     */
    OpenApiHandler(OpenApiAggregator aggregator, Optional<String> serverUrl) {
        this.aggregator = aggregator;
        this.serverUrl = serverUrl;
        this.page = InlinePage.load(PAGE);
    }

    /**
     * Reads {@code openapi} ({@code mosaic.gateway.openapi.*}): how long each service may take, how long the merged
     * document is kept, and the public URL it names.
     */
    public static OpenApiHandler create(Config openapi, Routes routes, UpstreamJson client) {
        OpenApiAggregator aggregator = new OpenApiAggregator(
                routes, client,
                GatewayConfig.duration(openapi.get("timeout"), Duration.ofSeconds(2)),
                GatewayConfig.duration(openapi.get("cache"), Duration.ofSeconds(30)),
                System::nanoTime);
        return new OpenApiHandler(aggregator, openapi.get("server-url").asString().asOptional()
                .map(String::strip).filter(url -> !url.isEmpty()));
    }

    public void document(ServerRequest req, ServerResponse res) {
        Optional<String> format = req.query().first("format").asOptional().map(f -> f.toLowerCase(Locale.ROOT));
        if (format.isPresent() && !format.get().equals("json") && !format.get().equals("yaml")) {
            Problems.badRequest(res, "format must be json or yaml.", req.path().rawPath());
            return;
        }
        boolean yaml = format.map("yaml"::equals).orElseGet(() -> acceptsOnlyYaml(req));
        JsonObject merged = aggregator.document(Correlation.of(req).headers());
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
            res.send(UpstreamJson.write(doc));
        }
    }

    public void page(ServerRequest req, ServerResponse res) {
        page.send(res);
    }

    private static boolean acceptsOnlyYaml(ServerRequest req) {
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("yaml") && !accept.contains("json");
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
}
