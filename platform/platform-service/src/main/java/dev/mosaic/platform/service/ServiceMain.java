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
        applyStartupSettings(System.getProperties());
        io.helidon.Main.main(args);
    }

    /**
     * Weld's work at every start that a packaged service does not need, unless set otherwise on the command line
     * (docs/adr/0023; together about 0.1 s of catalog's 1.44 s to ready on a quiet machine):
     * <ul>
     * <li>{@code org.jboss.weld.xml.disableValidating}: every {@code beans.xml} on the classpath is checked against
     *   the CDI schema, which loads an XML schema validator first. Ours and the libraries' are fixed at build time
     *   and the tests start them; a malformed one still fails to parse.</li>
     * <li>{@code org.jboss.weld.bootstrap.preloaderThreadPoolSize=0}: no thread that loads the beans' classes ahead
     *   of the main thread; the AOT cache already has them, and the thread only competes for two cores.</li>
     * </ul>
     */
    static void applyStartupSettings(Properties systemProperties) {
        systemProperties.putIfAbsent("org.jboss.weld.xml.disableValidating", "true");
        systemProperties.putIfAbsent("org.jboss.weld.bootstrap.preloaderThreadPoolSize", "0");
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
