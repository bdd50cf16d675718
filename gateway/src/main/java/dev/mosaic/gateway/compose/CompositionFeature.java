package dev.mosaic.gateway.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import dev.mosaic.gateway.GatewayConfig;
import dev.mosaic.gateway.openapi.OpenApiHandler;
import dev.mosaic.gateway.proxy.Routes;
import dev.mosaic.gateway.upstream.UpstreamGuard;
import dev.mosaic.gateway.upstream.UpstreamJson;
import dev.mosaic.gateway.upstream.WorkloadCredentials;
import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The gateway's own answers, composed from several services: {@code GET /api/orders/{id}/details},
 * {@code GET /openapi} and {@code GET /openapi/ui}. Weighted above the proxy's catch-all so these paths are matched
 * before it, and below observe (80) so nothing here can shadow /health.
 */
public final class CompositionFeature implements HttpFeature, Weighted {

    private static final Logger LOGGER = Logger.getLogger(CompositionFeature.class.getName());

    private final OrderDetailsHandler orderDetails;  // null when its upstreams are not all configured
    private final OpenApiHandler openApi;

    private CompositionFeature(OrderDetailsHandler orderDetails, OpenApiHandler openApi) {
        this.orderDetails = orderDetails;
        this.openApi = openApi;
    }

    /**
     * Reads {@code mosaic.gateway.order-details.*}, {@code mosaic.gateway.openapi.*} and the URLs of orders, catalog,
     * payments and notifications; the order details are left out, with a warning naming the keys, when one is missing.
     *
     * @param guards the proxy's guard of each upstream; the order details need one for each of
     *               {@link OrderDetailsHandler#UPSTREAMS} (see {@link #guardedUpstreams})
     */
    public static CompositionFeature create(Config config, Routes routes, Map<String, UpstreamGuard> guards) {
        UpstreamJson client = new UpstreamJson(
                GatewayConfig.duration(config.get("mosaic.gateway.connect-timeout"), Duration.ofSeconds(1)),
                WorkloadCredentials.from(config));
        Config details = config.get("mosaic.gateway.order-details");
        List<String> missing = OrderDetailsHandler.UPSTREAMS.stream()
                .filter(name -> config.get("mosaic.upstream." + name).asString().filter(s -> !s.isBlank()).isEmpty())
                .toList();
        OrderDetailsHandler orderDetails = null;
        if (missing.isEmpty()) {
            OrderDetailsHandler.Upstreams upstreams = new OrderDetailsHandler.Upstreams(
                    Routes.upstreamUri(config, "orders"), Routes.upstreamUri(config, "catalog"),
                    Routes.upstreamUri(config, "payments"), Routes.upstreamUri(config, "notifications"));
            // The caller's identity travels as its token (Authorization), which each service verifies again.
            // Under the proxy's guards: a sick upstream's open breaker spares it these calls too, and its bulkhead
            // counts them.
            orderDetails = new OrderDetailsHandler(
                    upstreams, guards, client, GatewayConfig.duration(details.get("timeout"), Duration.ofSeconds(1)));
        } else {
            // A gateway in front of part of the system is legitimate; say what it takes to get the view.
            LOGGER.warning(OrderDetailsHandler.PATH + " is off: it needs the URLs of orders, catalog, payments and "
                                   + "notifications; set " + String.join(", ", missing.stream()
                                           .map(name -> "mosaic.upstream." + name).toList()));
        }

        return new CompositionFeature(orderDetails, OpenApiHandler.create(config.get("mosaic.gateway.openapi"), routes, client));
    }

    /** The upstreams the composed answers call through a guard: none while the order details are off. */
    public static List<String> guardedUpstreams(Config config) {
        boolean allConfigured = OrderDetailsHandler.UPSTREAMS.stream()
                .allMatch(name -> config.get("mosaic.upstream." + name).asString().filter(s -> !s.isBlank()).isPresent());
        return allConfigured ? OrderDetailsHandler.UPSTREAMS : List.of();
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        if (orderDetails != null) {
            routing.get(OrderDetailsHandler.PATH, orderDetails);
        }
        routing.get(OpenApiHandler.DOCUMENT_PATH, openApi::document)
                .get(OpenApiHandler.PAGE_PATH, openApi::page);
    }

    @Override
    public double weight() {
        return 10;
    }
}
