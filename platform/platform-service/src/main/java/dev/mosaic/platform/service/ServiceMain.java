package dev.mosaic.platform.service;

import dev.mosaic.platform.tracing.TraceExport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Entry point of every service with a database: honours the {@code PORT} contract of container platforms, puts the
 * JTA transaction log (Narayana's object store) under {@code mosaic.data.dir} rather than the working directory,
 * switches MicroProfile Telemetry on when an OTLP endpoint is configured ({@link TraceExport}), then starts
 * Helidon. The transaction manager and Telemetry read these settings once, before any CDI code runs, so they have
 * to be system properties set here.
 */
public final class ServiceMain {

    private static final String[] STORE_KEYS = {
        "ObjectStoreEnvironmentBean.objectStoreDir",
        "ObjectStoreEnvironmentBean.communicationStore.objectStoreDir",
        "ObjectStoreEnvironmentBean.stateStore.objectStoreDir",
    };

    private ServiceMain() {
    }

    public static void main(String[] args) {
        applyPort(System.getenv(), System.getProperties());
        String dataDir = System.getProperty("mosaic.data.dir", System.getenv().getOrDefault("MOSAIC_DATA_DIR", "data"));
        String store = Path.of(dataDir, "tx-object-store").toAbsolutePath().toString();
        for (String key : STORE_KEYS) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, store);
            }
        }
        TraceExport.enableForMicroProfile(System.getenv(), System.getProperties());
        io.helidon.Main.main(args);
    }

    /**
     * Env {@code PORT} (what Knative and Cloud Run set) wins over every other source of {@code server.port}, as in
     * the gateway: system properties outrank everything in MicroProfile Config, so it becomes one.
     *
     * @throws IllegalArgumentException when {@code PORT} is set but is not a port number
     */
    static void applyPort(Map<String, String> env, Properties systemProperties) {
        String port = env.get("PORT");
        if (port == null || port.isBlank()) {
            return;
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("Environment variable PORT='" + port + "' is not a port number "
                    + "(0-65535); set it to the port the service must listen on, or unset it to use server.port");
        }
        systemProperties.setProperty("server.port", Integer.toString(number));
    }
}
