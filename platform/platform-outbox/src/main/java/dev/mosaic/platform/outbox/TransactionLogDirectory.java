package dev.mosaic.platform.outbox;

import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts the JTA transaction log (Narayana's object store) under {@code mosaic.data.dir} instead of the working
 * directory, unless it is configured explicitly. Runs before the transaction manager first reads its settings.
 */
public class TransactionLogDirectory implements Extension {

    private static final String[] KEYS = {
        "ObjectStoreEnvironmentBean.objectStoreDir",
        "ObjectStoreEnvironmentBean.communicationStore.objectStoreDir",
        "ObjectStoreEnvironmentBean.stateStore.objectStoreDir",
        "com.arjuna.ats.arjuna.objectstore.objectStoreDir",
    };

    // Earliest priority: the JTA integration's own extension reads these settings when it starts.
    void configure(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) BeforeBeanDiscovery ignored) {
        String dataDir = ConfigProvider.getConfig().getOptionalValue("mosaic.data.dir", String.class).orElse("data");
        String store = Path.of(dataDir, "tx-object-store").toAbsolutePath().toString();
        for (String key : KEYS) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, store);
            }
        }
    }
}
