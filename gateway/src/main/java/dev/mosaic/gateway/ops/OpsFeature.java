package dev.mosaic.gateway.ops;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import dev.mosaic.gateway.Access;
import dev.mosaic.gateway.GatewayConfig;
import dev.mosaic.gateway.InlinePage;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.gateway.upstream.WorkloadCredentials;
import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The operations page: {@code GET /ops} serves a self-contained page (anyone may load it; it holds no data), which
 * asks for an admin token and reads everything from {@code /ops/api/...} ({@link OpsHandler}), admin only.
 * Weighted as the gateway's other own answers (10): above the proxy's catch-all, below observe (80).
 */
public final class OpsFeature implements HttpFeature, Weighted {

    static final String PAGE_PATH = "/ops";
    static final String PAGE = "ops/index.html";
    /** What the edge requires on the data paths, next to the routes' own rules. */
    public static final Map<String, Access> ACCESS = Map.of("/ops/api", Access.ADMIN);

    private static final Logger LOGGER = Logger.getLogger(OpsFeature.class.getName());

    private final OpsHandler handler;
    private final InlinePage page;

    private OpsFeature(OpsHandler handler, InlinePage page) {
        this.handler = handler;
        this.page = page;
    }

    /** Reads {@code mosaic.gateway.ops.*} and every {@code mosaic.upstream.*}, the services the page lists. */
    public static OpsFeature create(Config config, Map<String, UpstreamGuard> guards) {
        Map<String, URI> upstreams = new LinkedHashMap<>();
        for (Config upstream : config.get("mosaic.upstream").asNodeList().orElse(List.of())) {
            if (upstream.asString().filter(url -> !url.isBlank()).isPresent()) {
                upstreams.put(upstream.name(), Routes.upstreamUri(config, upstream.name()));
            }
        }
        Config ops = config.get("mosaic.gateway.ops");
        OpsHandler handler = new OpsHandler(
                upstreams, guards,
                new UpstreamJson(GatewayConfig.duration(config.get("mosaic.gateway.connect-timeout"), Duration.ofSeconds(1)),
                                 WorkloadCredentials.from(config)),
                GatewayConfig.duration(ops.get("timeout"), Duration.ofSeconds(1)),
                ops.get("orders").asInt().orElse(20));
        if (config.get("mosaic.auth").exists()) {
            LOGGER.info("Operations page at " + PAGE_PATH + " over " + upstreams.keySet() + " (admin token required)");
        } else {
            LOGGER.warning("Operations page at " + PAGE_PATH + " refuses every call: it needs an admin token and no "
                           + "token keys are configured (mosaic.auth.*)");
        }
        return new OpsFeature(handler, InlinePage.load(PAGE));
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.get(PAGE_PATH, (req, res) -> page.send(res))
                .get(OpsHandler.STATUS_PATH, handler::status)
                .get(OpsHandler.ORDERS_PATH, handler::orders)
                .post(OpsHandler.REDRIVE_PATH, handler::redrive);
    }

    @Override
    public double weight() {
        return 10;
    }
}
