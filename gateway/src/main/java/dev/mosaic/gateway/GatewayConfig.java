package dev.mosaic.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mosaic.platform.auth.AuthSettings;
import dev.mosaic.platform.auth.WorkloadTokens;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;

/** Loads the gateway's configuration and parses the duration values it uses. */
public final class GatewayConfig {

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
                .addSource(ConfigSources.create(microProfileNames(env), "environment variables (MicroProfile names)"))
                .addSource(ConfigSources.create(EnvironmentVariables.expand(env), "environment variables"))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /**
     * Environment variables named as MicroProfile Config (and the services, and the Knative manifests) name them: every
     * character of the key that is not a letter or digit becomes {@code _}, so {@code MOSAIC_AUTH_JWKS_URL} sets
     * {@code mosaic.auth.jwks-url} and {@code MOSAIC_GATEWAY_RATE_LIMIT_ENABLED} sets
     * {@code mosaic.gateway.rate-limit.enabled}. Helidon's own mapping turns every {@code _} into a dot and cannot
     * reach a key with a dash, so the known keys (those of application.yaml, and the token settings) are mapped here.
     */
    static Map<String, String> microProfileNames(Map<String, String> env) {
        Set<String> keys = new TreeSet<>(AuthSettings.KEYS);
        keys.add(WorkloadTokens.DIR_KEY);
        Config defaults = Config.just(ConfigSources.classpath("application.yaml"));
        defaults.traverse().filter(Config::isLeaf).forEach(node -> keys.add(node.key().toString()));
        Map<String, String> mapped = new HashMap<>();
        for (String key : keys) {
            String value = env.get(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
            if (value != null) {
                mapped.put(key, value);
            }
        }
        return mapped;
    }

    /**
     * A list given as YAML list or as one comma-separated value: an environment variable can only be the latter.
     * Entries are stripped; empty ones are dropped.
     */
    public static List<String> list(Config node) {
        List<String> raw = node.isLeaf()
                ? List.of(node.asString().orElse("").split(","))
                : node.asList(String.class).orElse(List.of());
        return raw.stream().map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** Accepts {@code 500ms}, {@code 2s}, a bare number of milliseconds, or ISO-8601 ({@code PT2S}). */
    public static Duration duration(Config node, Duration defaultValue) {
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
