package dev.mosaic.platform.outbox;

import java.nio.file.Path;

/**
 * Entry point of every service with a database: puts the JTA transaction log (Narayana's object store) under
 * {@code mosaic.data.dir} rather than the working directory, then starts Helidon. The transaction manager reads
 * these settings once, before any CDI code runs, so they have to be system properties set here.
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
        String dataDir = System.getProperty("mosaic.data.dir", System.getenv().getOrDefault("MOSAIC_DATA_DIR", "data"));
        String store = Path.of(dataDir, "tx-object-store").toAbsolutePath().toString();
        for (String key : STORE_KEYS) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, store);
            }
        }
        io.helidon.Main.main(args);
    }
}
