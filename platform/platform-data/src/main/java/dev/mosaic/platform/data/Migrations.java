package dev.mosaic.platform.data;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

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
 * <p>
 * Flyway runs only when the scripts the service carries differ from those it last finished migrating this
 * database with ({@link MigrationFingerprint}, ADR 0022). A start with the same scripts, which is nearly every
 * start, reads its one-row record instead: Flyway's setup, its scan of the classpath and its validation took 0.1–0.3 s of a
 * service's start. A changed, added or removed script (a new release, an edited one) runs Flyway as before, with
 * its validation, and an edited applied script still stops the start.
 */
@ApplicationScoped
public class Migrations {

    /** What a start found and did. */
    public record Result(boolean flywayRan, int platformApplied, int serviceApplied, MigrationFingerprint fingerprint) {
    }

    static final String PLATFORM_LOCATION = "db/platform";
    static final String SERVICE_LOCATION = "db/migration";
    private static final String PLATFORM_HISTORY = "mosaic_platform_history";

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private final String serviceName;

    @Inject
    public Migrations(@ConfigProperty(name = "mosaic.service.name") String serviceName) {
        this.serviceName = serviceName;
    }

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored) {
        long begin = System.nanoTime();
        Result result = bringCurrent(DataSources.named(serviceName), Thread.currentThread().getContextClassLoader());
        long ms = (System.nanoTime() - begin) / 1_000_000;
        if (result.flywayRan()) {
            LOG.info(() -> "Database of " + serviceName + " is current (" + result.platformApplied() + " platform and "
                    + result.serviceApplied() + " service migrations applied now, " + ms + " ms; scripts "
                    + result.fingerprint() + ")");
        } else {
            LOG.info(() -> "Database of " + serviceName + " is current: last migrated with the same scripts ("
                    + result.fingerprint() + "), so Flyway did not run (" + ms + " ms)");
        }
    }

    /**
     * Migrates {@code dataSource} with the scripts {@code loader} finds, unless the database records that it was last
     * migrated with exactly these scripts.
     */
    public static Result bringCurrent(DataSource dataSource, ClassLoader loader) {
        MigrationFingerprint fingerprint = MigrationFingerprint.of(loader, PLATFORM_LOCATION, SERVICE_LOCATION);
        if (fingerprint.matches(dataSource)) {
            return new Result(false, 0, 0, fingerprint);
        }
        int platform = Flyway.configure(loader).dataSource(dataSource)
                .locations("classpath:" + PLATFORM_LOCATION).table(PLATFORM_HISTORY)
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate().migrationsExecuted;
        int service = Flyway.configure(loader).dataSource(dataSource)
                .locations("classpath:" + SERVICE_LOCATION)
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate().migrationsExecuted;
        try {
            fingerprint.record(dataSource);
        } catch (SQLException e) {
            // Only the next start's shortcut is lost: it runs Flyway again, which finds nothing to do.
            LOG.log(Level.WARNING, "Migrated, but could not record which scripts did it (" + e.getMessage()
                    + "); the next start runs Flyway again. Nothing to do unless this repeats at every start.");
        }
        return new Result(true, platform, service, fingerprint);
    }
}
