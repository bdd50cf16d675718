package dev.mosaic.platform.data;

import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Brings the service database to the current schema before anything uses it: first the platform tables
 * ({@code db/platform}, history in {@code mosaic_platform_history}), then the service's own
 * ({@code db/migration}, history in {@code flyway_schema_history}).
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private final String serviceName;

    @Inject
    public Migrations(@ConfigProperty(name = "mosaic.service.name") String serviceName) {
        this.serviceName = serviceName;
    }

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored) {
        var dataSource = DataSources.named(serviceName);
        int platform = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/platform").table("mosaic_platform_history")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate().migrationsExecuted;
        int service = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate().migrationsExecuted;
        LOG.info(() -> "Database of " + serviceName + " is current (" + platform + " platform and " + service
                + " service migrations applied now)");
    }
}
