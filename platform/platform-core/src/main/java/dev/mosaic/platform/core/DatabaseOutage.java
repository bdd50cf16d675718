package dev.mosaic.platform.core;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure caused by the database being unreachable (down, restarting, refusing connections, the pool out
 * of connections) from every other failure. An outage is nobody's mistake and passes by itself: a request gets a
 * 503 to retry, an event waits for the database instead of being dead-lettered.
 * <p>
 * Recognised anywhere in the cause chain (JPA and the pool wrap the driver's exception): JDBC's connection
 * exception classes, SQLSTATE class {@code 08} (connection exception), and PostgreSQL's {@code 57P01}
 * admin shutdown, {@code 57P02} crash shutdown and {@code 57P03} cannot connect now (starting up or recovering).
 * <p>
 * One of these is not the database's doing: the pool timing out while every connection it holds is busy
 * ({@link #isPoolExhausted}). It is handled the same way (retry, never dead-letter), but said differently
 * ({@link #what}): at 3 a.m. "the database is unavailable" sends people to a database that is fine, while the
 * service in front of it is overloaded.
 */
public final class DatabaseOutage {

    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_DEPTH = 64;

    private DatabaseOutage() {
    }

    /** Whether {@code error} comes from the database being unreachable. */
    public static boolean isCause(Throwable error) {
        return find(error).isPresent();
    }

    /** The driver's or the pool's exception that says the database is unreachable, if that is what failed. */
    public static Optional<SQLException> find(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && (isConnectionClass(sql) || isConnectionState(sql.getSQLState()))) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the pool gave up waiting for a free connection without any connection failing (HikariCP's "Connection
     * is not available, request timed out", with no cause and no SQLSTATE): all connections were in use, the
     * service is overloaded, and nothing says its database is down.
     */
    public static boolean isPoolExhausted(Throwable error) {
        return find(error).filter(sql -> sql instanceof SQLTransientConnectionException && sql.getCause() == null
                && sql.getSQLState() == null && String.valueOf(sql.getMessage()).contains("Connection is not available"))
                .isPresent();
    }

    /**
     * What failed, in words for a log line or a problem: "the database is unavailable", or for an exhausted pool
     * "no database connection became free in time (the service is overloaded; its database did not fail)".
     */
    public static String what(Throwable error) {
        return isPoolExhausted(error)
                ? "no database connection became free in time (the service is overloaded; its database did not fail)"
                : "the database is unavailable";
    }

    /** What a person should look at: the database when it failed, the service's load when its pool ran dry. */
    public static String whatToCheck(Throwable error) {
        return isPoolExhausted(error)
                ? "check what holds the service's connections (its request rate, its CPU)"
                : "check the database and the service's readiness";
    }

    /** A one-line account of the outage for logs and problem details, e.g. "Connection refused". */
    public static String describe(Throwable error) {
        return find(error).map(sql -> {
            String message = String.valueOf(sql.getMessage()).strip();
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }).orElse(String.valueOf(error));
    }

    private static boolean isConnectionClass(SQLException sql) {
        return sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException
                || sql instanceof SQLRecoverableException;
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state));
    }
}
