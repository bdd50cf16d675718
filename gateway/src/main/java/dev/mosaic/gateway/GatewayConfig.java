package dev.mosaic.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;

/** Loads the gateway's configuration and parses the duration values it uses. */
final class GatewayConfig {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");

    private GatewayConfig() {
    }

    /**
     * Highest priority first: env {@code PORT} (what Knative and Cloud Run set, so it must win),
     * system properties, environment variables ({@code MOSAIC_UPSTREAM_CATALOG} is {@code mosaic.upstream.catalog}),
     * then {@code application.yaml} on the classpath. Takes env and properties as arguments so tests can pass their own.
     */
    static Config load(Map<String, String> env, Properties systemProperties) {
        Config.Builder builder = Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource();
        Optional.ofNullable(env.get("PORT")).filter(p -> !p.isBlank())
                .ifPresent(port -> builder.addSource(ConfigSources.create(Map.of("server.port", port.strip()), "env PORT")));
        return builder
                .addSource(ConfigSources.create(systemProperties, "system properties"))
                .addSource(ConfigSources.create(EnvironmentVariables.expand(env), "environment variables"))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** Accepts {@code 500ms}, {@code 2s}, a bare number of milliseconds, or ISO-8601 ({@code PT2S}). */
    static Duration duration(Config node, Duration defaultValue) {
        return node.asString().map(GatewayConfig::parseDuration).orElse(defaultValue);
    }

    static Duration parseDuration(String text) {
        String value = text.strip();
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return "s".equals(m.group(2)) ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
        }
        return Duration.parse(value);
    }
}
