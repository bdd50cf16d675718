package dev.mosaic.gateway.openapi;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mosaic.gateway.proxy.Routes;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiMergerTest {

    private static final Routes ROUTES = Routes.from(Config.just(ConfigSources.create("""
            mosaic:
              upstream: {catalog: "http://catalog:8081", admin: "http://admin:9000"}
              gateway:
                routes:
                  - {prefix: /api/products, upstream: catalog}
                  - {prefix: /api/products/admin, upstream: admin, strip-prefix: /api/products}
            """, MediaTypes.APPLICATION_YAML)));

    private static JsonObject json(String text) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static OpenApiMerger.Source source(String service, String doc) {
        return new OpenApiMerger.Source(service, json(doc), Optional::of);
    }

    @Test
    void aPathIsPublicOnlyWhereItsOwnServicesRouteWins() {
        assertThat(OpenApiAggregator.publicPath(ROUTES, "catalog", "/products/{sku}")).hasValue("/api/products/{sku}");
        assertThat(OpenApiAggregator.publicPath(ROUTES, "catalog", "/admin/products")).isEmpty();
        assertThat(OpenApiAggregator.publicPath(ROUTES, "admin", "/admin/prices")).hasValue("/api/products/admin/prices");
        // /products/admin at catalog would be public as /api/products/admin, but that path belongs to the admin route.
        assertThat(OpenApiAggregator.publicPath(ROUTES, "catalog", "/products/admin")).isEmpty();
    }

    @Test
    void identicalSchemasStayOneButIdenticalOnesReferringToDifferentOnesAreNamespacedToo() {
        String a = """
                {"openapi":"3.0.3","paths":{"/a":{"get":{"responses":{"200":{"description":"OK","content":{"application/json":
                  {"schema":{"$ref":"#/components/schemas/Page"}}}}}}},
                  "/m":{"get":{"responses":{"200":{"description":"OK","content":{"application/json":
                  {"schema":{"$ref":"#/components/schemas/Money"}}}}}}}},
                 "components":{"schemas":{
                   "Money":{"type":"object","properties":{"amount":{"type":"integer"}}},
                   "Page":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}},
                   "Item":{"type":"object","properties":{"sku":{"type":"string"}}}}}}""";
        String b = a.replace("\"/a\"", "\"/b\"").replace("\"/m\"", "\"/n\"").replace("\"sku\"", "\"orderId\"");

        JsonObject merged = OpenApiMerger.merge(List.of(source("alpha", a), source("beta", b)), Map.of());

        JsonObject schemas = merged.getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.keySet()).containsExactlyInAnyOrder(
                "Money", "alpha.Item", "beta.Item", "alpha.Page", "beta.Page");
        assertThat(merged.getJsonObject("paths").getJsonObject("/b").toString()).contains("#/components/schemas/beta.Page");
        assertThat(schemas.getJsonObject("beta.Page").toString()).contains("#/components/schemas/beta.Item");
        assertThat(merged.getJsonObject("paths").getJsonObject("/n").toString()).contains("#/components/schemas/Money\"");
    }

    @Test
    void theFirstServiceToDocumentAPublicPathKeepsIt() {
        String doc = """
                {"paths":{"/x":{"get":{"summary":"%s","responses":{"200":{"description":"OK"}}}}}}""";

        JsonObject merged = OpenApiMerger.merge(
                List.of(source("first", doc.formatted("first")), source("second", doc.formatted("second"))), Map.of());

        assertThat(merged.getJsonObject("paths").getJsonObject("/x").getJsonObject("get").getString("summary"))
                .isEqualTo("first");
        assertThat(merged.getString("openapi")).isEqualTo("3.0.3");
    }
}
