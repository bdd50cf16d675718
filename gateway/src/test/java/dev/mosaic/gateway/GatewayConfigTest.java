package dev.mosaic.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayConfigTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsComeFromApplicationYaml() {
        Config config = GatewayConfig.load(Map.of(), properties());

        assertThat(config.get("server.port").asInt().get()).isEqualTo(8080);
        assertThat(config.get("server.host").asString().get()).isEqualTo("127.0.0.1");
        assertThat(config.get("mosaic.upstream.catalog").asString().get()).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void environmentVariableSetsUpstreamUrl() {
        Config config = GatewayConfig.load(Map.of("MOSAIC_UPSTREAM_CATALOG", "http://catalog.internal:80"), properties());

        assertThat(config.get("mosaic.upstream.catalog").asString().get()).isEqualTo("http://catalog.internal:80");
    }

    @Test
    void environmentVariablesNamedAsMicroProfileNamesThemReachKeysWithDashes() {
        Config config = GatewayConfig.load(Map.of("MOSAIC_AUTH_JWKS_URL", "https://idp.example/jwks.json",
                                                  "MOSAIC_GATEWAY_RATE_LIMIT_ENABLED", "false"), properties());

        assertThat(config.get("mosaic.auth.jwks-url").asString().get()).isEqualTo("https://idp.example/jwks.json");
        assertThat(config.get("mosaic.gateway.rate-limit.enabled").asBoolean().get()).isFalse();
    }

    @Test
    void trustedProxiesComeAsOneCommaSeparatedEnvironmentVariableOrAsAList() {
        Config fromEnv = GatewayConfig.load(Map.of("MOSAIC_GATEWAY_TRUSTED_PROXIES", "127.0.0.1/32, ::1,10.0.0.0/8"),
                                            properties());
        assertThat(GatewayConfig.list(fromEnv.get("mosaic.gateway.trusted-proxies")))
                .containsExactly("127.0.0.1/32", "::1", "10.0.0.0/8");
        assertThat(GatewayConfig.list(GatewayConfig.load(Map.of(), properties()).get("mosaic.gateway.trusted-proxies")))
                .as("none by default").isEmpty();
        Config yaml = Config.just(ConfigSources.create("trusted-proxies: [127.0.0.1, '::1']", MediaTypes.APPLICATION_YAML));
        assertThat(GatewayConfig.list(yaml.get("trusted-proxies"))).containsExactly("127.0.0.1", "::1");
    }

    @Test
    void systemPropertyWinsOverEnvironmentVariable() {
        Config config = GatewayConfig.load(Map.of("MOSAIC_UPSTREAM_CATALOG", "http://from-env"),
                                           properties("mosaic.upstream.catalog", "http://from-property", "server.port", "9090"));

        assertThat(config.get("mosaic.upstream.catalog").asString().get()).isEqualTo("http://from-property");
        assertThat(config.get("server.port").asInt().get()).isEqualTo(9090);
    }

    @Test
    void portEnvironmentVariableWinsOverEverything() {
        Config config = GatewayConfig.load(Map.of("PORT", "7070"), properties("server.port", "9090"));

        assertThat(config.get("server.port").asInt().get()).isEqualTo(7070);
    }

    @Test
    void durationsAcceptShortFormsAndIso() {
        assertThat(GatewayConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GatewayConfig.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(GatewayConfig.parseDuration("750")).isEqualTo(Duration.ofMillis(750));
        assertThat(GatewayConfig.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }
}
