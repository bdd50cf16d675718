package dev.mosaic.gateway.proxy;

import java.time.Duration;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {

    private static Routes routes(String yaml) {
        return Routes.from(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    private static final Routes ROUTES = routes("""
            mosaic:
              upstream:
                catalog: http://catalog:8081
                admin: http://admin:9000/
              gateway:
                timeout: 1500ms
                routes:
                  - prefix: /api/products
                    upstream: catalog
                  - prefix: /api/products/admin/
                    upstream: admin
                    strip-prefix: /api/products
                    timeout: 5s
            """);

    @Test
    void prefixMatchesItselfAndBelowButNotSiblings() {
        assertThat(ROUTES.match("/api/products")).map(Route::upstream).hasValue("catalog");
        assertThat(ROUTES.match("/api/products/sku-1")).map(Route::upstream).hasValue("catalog");
        assertThat(ROUTES.match("/api/productsX")).isEmpty();
        assertThat(ROUTES.match("/api")).isEmpty();
    }

    @Test
    void longestPrefixWinsWhateverTheConfigOrder() {
        Route route = ROUTES.match("/api/products/admin/prices").orElseThrow();

        assertThat(route.upstream()).isEqualTo("admin");
        assertThat(route.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(route.target("/api/products/admin/prices", "")).hasToString("http://admin:9000/admin/prices");
    }

    @Test
    void apiPrefixIsStrippedAndQueryKept() {
        Route route = ROUTES.match("/api/products").orElseThrow();

        assertThat(route.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(route.target("/api/products", "q=x&page=2")).hasToString("http://catalog:8081/products?q=x&page=2");
        assertThat(route.target("/api/products/a%20b", "")).hasToString("http://catalog:8081/products/a%20b");
    }

    @Test
    void defaultTimeoutIsTwoSeconds() {
        Routes routes = routes("""
                mosaic:
                  upstream: {catalog: "http://127.0.0.1:8081"}
                  gateway:
                    routes: [{prefix: /api/products, upstream: catalog}]
                """);

        assertThat(routes.match("/api/products").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void routeToAnUpstreamWithoutUrlFailsNamingTheKeyToSet() {
        assertThatThrownBy(() -> routes("""
                mosaic:
                  gateway:
                    routes: [{prefix: /api/orders, upstream: orders}]
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosaic.upstream.orders")
                .hasMessageContaining("MOSAIC_UPSTREAM_ORDERS");
    }
}
