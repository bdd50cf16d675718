package dev.mosaic.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * When and how spans leave the process. Export is on when an OTLP endpoint is configured
 * ({@code otel.exporter.otlp.endpoint} or {@code otel.exporter.otlp.traces.endpoint}, as a system property or as
 * the {@code OTEL_EXPORTER_OTLP_...} environment variable) and {@code otel.sdk.disabled} is not {@code true}.
 * Without an endpoint nothing is exported and no span is recorded: the OpenTelemetry API is a no-op, and the
 * project's own trace context (trace and span ids in logs, traceparent on every hop) goes on as before.
 *
 * <p>The project's defaults, each overridden by setting the key: OTLP over HTTP/protobuf (the protocol the
 * OpenTelemetry specification recommends; 4318 is its port), traces only (metrics are scraped from
 * {@code /metrics}, logs are JSON lines on stdout). Every other {@code otel.*} key of the OpenTelemetry SDK's
 * autoconfiguration applies as documented there (sampler, batch size, headers, timeouts, resource attributes).
 */
public final class TraceExport {

    public static final String SDK_DISABLED = "otel.sdk.disabled";
    public static final String SERVICE_NAME = "otel.service.name";
    public static final List<String> ENDPOINT_KEYS =
            List.of("otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.endpoint");
    private static final List<String> PROTOCOL_KEYS =
            List.of("otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.protocol");

    private TraceExport() {
    }

    /** The value of {@code key} as a system property, else as its environment variable ({@code OTEL_SDK_DISABLED}). */
    public static Optional<String> property(String key, Map<String, String> env, Properties system) {
        String value = system.getProperty(key);
        if (value == null) {
            value = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Whether spans are exported: an OTLP endpoint is configured and the SDK is not switched off. */
    public static boolean configured(Map<String, String> env, Properties system) {
        boolean disabled = property(SDK_DISABLED, env, system).map(Boolean::parseBoolean).orElse(false);
        return !disabled && ENDPOINT_KEYS.stream().anyMatch(key -> property(key, env, system).isPresent());
    }

    /** Where spans go, for the line a process logs when it starts exporting. */
    public static String endpoint(Map<String, String> env, Properties system) {
        return ENDPOINT_KEYS.stream().flatMap(key -> property(key, env, system).stream()).findFirst().orElse("(none)");
    }

    /**
     * The settings the project adds to the SDK's own when export is configured: switched on, the service's name
     * unless {@code otel.service.name} is set, HTTP/protobuf unless a protocol is set, traces only.
     */
    public static Map<String, String> defaults(String serviceName, Map<String, String> env, Properties system) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(SDK_DISABLED, "false");
        if (property(SERVICE_NAME, env, system).isEmpty() && serviceName != null) {
            defaults.put(SERVICE_NAME, serviceName);
        }
        if (PROTOCOL_KEYS.stream().allMatch(key -> property(key, env, system).isEmpty())) {
            defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        }
        for (String signal : List.of("otel.metrics.exporter", "otel.logs.exporter")) {
            if (property(signal, env, system).isEmpty()) {
                defaults.put(signal, "none");
            }
        }
        return defaults;
    }

    /**
     * For a Helidon MP service, whose MicroProfile Telemetry builds the SDK from {@code otel.*} config and keeps it
     * off unless told otherwise: when export is configured, writes the project's defaults as system properties
     * (they outrank every other config source), before the service starts. Returns whether export is on.
     */
    public static boolean enableForMicroProfile(Map<String, String> env, Properties system) {
        if (!configured(env, system)) {
            return false;
        }
        defaults(null, env, system).forEach(system::setProperty);
        return true;
    }

    /**
     * For a process that builds its own SDK (the gateway): the SDK configured by the {@code otel.*} keys of
     * {@code system}, else the {@code OTEL_*} variables of {@code env}, else the project's defaults; or the no-op API
     * when export is not configured.
     * The caller closes the SDK on shutdown so that buffered spans are sent.
     */
    public static OpenTelemetry openTelemetry(String serviceName, Map<String, String> env, Properties system) {
        if (!configured(env, system)) {
            return OpenTelemetry.noop();
        }
        Map<String, String> settings = new LinkedHashMap<>(defaults(serviceName, env, system));
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                settings.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        system.stringPropertyNames().stream().filter(name -> name.startsWith("otel."))
                .forEach(name -> settings.put(name, system.getProperty(name)));
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesCustomizer(ignored -> settings)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }
}
