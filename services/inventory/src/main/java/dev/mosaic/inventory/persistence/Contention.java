package dev.mosaic.inventory.persistence;

import java.sql.SQLException;
import java.util.Set;

import dev.mosaic.platform.web.ProblemException;
import jakarta.persistence.PersistenceException;

/**
 * Turns the database's answers to concurrent work on the same rows into problems a caller can act on: all
 * inventory operations are idempotent, so "repeat the request" is always the right advice. Anything else is
 * rethrown as it is (a 500).
 */
final class Contention {

    /** Unique key violation: another transaction created the same reservation or sku first (H2 and PostgreSQL). */
    private static final String DUPLICATE_KEY = "23505";
    /** Lock timeout (H2), deadlock, serialization failure, lock not available (PostgreSQL). */
    private static final Set<String> LOCK_FAILURES = Set.of("HYT00", "40P01", "40001", "55P03");

    private Contention() {
    }

    static RuntimeException translate(PersistenceException error, String what) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if (DUPLICATE_KEY.equals(sql.getSQLState())) {
                    return ProblemException.conflict("The " + what + " was created by a concurrent request; "
                            + "repeat the request (it is idempotent) to get its outcome");
                }
                if (LOCK_FAILURES.contains(sql.getSQLState())) {
                    return ProblemException.unavailable("The " + what + " is busy with concurrent requests; "
                            + "repeat the request (it is idempotent)", 1);
                }
            }
        }
        if (error instanceof jakarta.persistence.PessimisticLockException
                || error instanceof jakarta.persistence.LockTimeoutException) {
            return ProblemException.unavailable("The " + what + " is busy with concurrent requests; "
                    + "repeat the request (it is idempotent)", 1);
        }
        return error;
    }
}
