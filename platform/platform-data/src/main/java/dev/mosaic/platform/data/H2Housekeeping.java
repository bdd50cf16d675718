package dev.mosaic.platform.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps an embedded H2 database file from growing for as long as the service writes to it.
 *
 * <p>H2 writes each commit as a new chunk of the pages it changed, and frees an old chunk only when none of its pages
 * is live any more. Chunks that keep a few live pages (a leaf nobody has written since) are reclaimed by H2's
 * housekeeping, which rewrites those pages elsewhere; but that runs on H2's background writer, and H2 starts that
 * thread only when commits may wait for it ({@code WRITE_DELAY} above 0). The dev stack opens its databases with
 * {@code WRITE_DELAY=0}, so that a commit is in the file before it is acknowledged and a SIGKILL loses no accepted
 * order: with it, only chunks left with no live page at all were reclaimed. Under the saga benchmark orders' file grew
 * by about 90–160 KB per order (2–5 MB a second at 25–30 orders a second, gigabytes in an hour) until the service
 * stopped.
 *
 * <p>So, for such a database (embedded, file-backed, {@code WRITE_DELAY=0}), this does what H2's background writer
 * would, on a thread of its own ({@code h2-housekeeping}): every {@code mosaic.db.h2.housekeeping-ms} (default 1000; 0
 * turns it off), while less than {@value #TARGET_FILL_RATE}% of the chunks' bytes are live, it asks H2 to rewrite up to
 * {@value #WRITE_LIMIT_BYTES} bytes of the live pages of the sparsest chunks older than H2's retention time (45 s), and
 * commits them, which makes those chunks' space reusable. The file then grows with the data it holds, not with every
 * commit: after six minutes of the saga benchmark at 25 orders a second the services' files were 740 MB together
 * instead of 1,964 MB, and growing by about 0.7 MB a second instead of 5.4. PostgreSQL needs none of this, and a
 * database H2 maintains itself ({@code WRITE_DELAY} above 0) is left to H2.
 *
 * <p>This reaches into H2's engine ({@link SessionLocal}, {@link MVStore}): H2 has no SQL for it while the database is
 * open. Those classes are H2's public API in the version the build pins; a change of them fails this class's test.
 */
@ApplicationScoped
public class H2Housekeeping {

    /** Chunks are rewritten while less than this share, in percent, of all chunks' bytes is live. */
    static final int TARGET_FILL_RATE = 80;
    /** At most this many bytes of live pages are rewritten by one pass. */
    static final int WRITE_LIMIT_BYTES = 4 << 20;

    private static final Logger LOG = Logger.getLogger(H2Housekeeping.class.getName());

    private final String serviceName;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private int failures;

    @Inject
    public H2Housekeeping(@ConfigProperty(name = "mosaic.service.name") String serviceName,
                          @ConfigProperty(name = "mosaic.db.h2.housekeeping-ms", defaultValue = "1000")
                          long intervalMillis) {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("mosaic.db.h2.housekeeping-ms is " + intervalMillis
                    + "; it must be 0 (off) or a positive number of milliseconds");
        }
        this.serviceName = serviceName;
        this.interval = Duration.ofMillis(intervalMillis);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (interval.isZero()) {
            return;
        }
        DataSource dataSource = DataSources.named(serviceName);
        try (Connection connection = dataSource.getConnection()) {
            if (store(connection) == null) {
                return;
            }
        } catch (SQLException e) {
            // The database is not there yet; the readiness check says so. Housekeeping starts anyway and tries again.
            LOG.fine(() -> "Could not look at " + serviceName + "'s database before housekeeping: " + e);
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("h2-housekeeping").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> pass(dataSource), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        if (executor != null) {
            // No interrupt: an interrupt during H2's file I/O closes its file channel. A pass takes milliseconds.
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pass(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            compact(connection);
            if (failures >= 2) {
                LOG.info(() -> "H2 housekeeping of " + serviceName + "'s database works again");
            }
            failures = 0;
        } catch (SQLException | RuntimeException e) {
            // One failure is nothing to act on: a pass that meets the JVM's shutdown (H2 closes its database from a
            // shutdown hook of its own) fails once and is the last. Two in a row are an outage or a broken database;
            // that is the readiness check's to report, and this says once what it means for the file.
            if (++failures == 2) {
                LOG.log(Level.WARNING, "H2 housekeeping of " + serviceName + "'s database failed twice in a row ("
                        + e + "); its file grows with every commit until it succeeds. Retrying every "
                        + interval.toMillis() + " ms.");
            }
        }
    }

    /**
     * One pass over the database behind {@code connection}: rewrites live pages out of sparse chunks and commits them.
     * Does nothing unless the database is embedded H2 that maintains nothing itself ({@code WRITE_DELAY=0}).
     *
     * @return whether anything was rewritten
     */
    static boolean compact(Connection connection) throws SQLException {
        MVStore store = store(connection);
        if (store == null || !store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES)) {
            return false;
        }
        store.commit();
        return true;
    }

    /** The store of an embedded H2 database whose housekeeping is left to us, else null. */
    static MVStore store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        var database = session.getDatabase();
        if (!database.isPersistent() || database.getStore() == null) {
            return null;
        }
        MVStore store = database.getStore().getMvStore();
        return store.getFileStore() == null || store.getAutoCommitDelay() > 0 ? null : store;
    }
}
