package dev.mosaic.gateway.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mosaic.gateway.FakeUpstream;
import dev.mosaic.gateway.Gateway;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who an anonymous caller is for the rate limit. The tests connect from 127.0.0.1: one gateway trusts that address as
 * a proxy (as the pod's queue-proxy is under Knative), the other trusts only some other network.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateLimitClientIT {

    private static final int CAPACITY = 2;

    private static FakeUpstream catalog;
    private static WebServer behindProxy;
    private static WebServer exposed;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws IOException {
        catalog = new FakeUpstream(Duration.ofSeconds(5));
        behindProxy = gateway("[127.0.0.1, '::1']");
        exposed = gateway("[10.0.0.0/8]");
    }

    /** A gateway whose bucket holds {@value #CAPACITY} requests and practically never refills within a test. */
    private static WebServer gateway(String trustedProxies) {
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {catalog: %s}
                  gateway:
                    trusted-proxies: %s
                    rate-limit: {capacity: %d, per-second: 0.001}
                    routes:
                      - {prefix: /api/products, upstream: catalog, access: public}
                """.formatted(catalog.url(), trustedProxies, CAPACITY);
        return Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    @AfterAll
    static void stop() {
        for (WebServer server : new WebServer[] {behindProxy, exposed}) {
            if (server != null) {
                server.stop();
            }
        }
        catalog.close();
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
        for (int i = 0; i < CAPACITY; i++) {
            assertThat(get(behindProxy, "203.0.113.7")).isEqualTo(200);
        }
        assertThat(get(behindProxy, "203.0.113.7")).as("the first client's bucket is empty").isEqualTo(429);
        // Forging an entry to the left of what the proxy appended does not make a new client.
        assertThat(get(behindProxy, "198.51.100.1, 203.0.113.7")).isEqualTo(429);

        assertThat(get(behindProxy, "203.0.113.8")).as("another client behind the same proxy").isEqualTo(200);
    }

    @Test
    void fromAnUntrustedPeerAForgedForwardedForDoesNotEscapeTheLimit() throws Exception {
        for (int i = 0; i < CAPACITY; i++) {
            assertThat(get(exposed, "192.0.2." + i)).isEqualTo(200);
        }
        assertThat(get(exposed, "192.0.2.99")).as("a new X-Forwarded-For is still the same peer").isEqualTo(429);
        assertThat(get(exposed, null)).isEqualTo(429);
    }

    private static int get(WebServer gateway, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/products"))
                .timeout(Duration.ofSeconds(5));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
