package dev.mosaic.platform.data;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's own bookkeeping over plain JDBC, each piece of work in a local transaction of its own, outside JTA.
 * <p>
 * For rows no business change shares a transaction with (the relay's reads of the outbox and its marks): a JTA
 * transaction would add Narayana's bookkeeping, EclipseLink's unit of work and, in Helidon 4.1, a pass through the
 * one process-wide lock of its local XA resource that every business transaction of the service also takes
 * (docs/adr/0020). A JTA transaction the caller has is suspended meanwhile and resumed after, as
 * {@code REQUIRES_NEW} would: this work commits or fails on its own.
 * <p>
 * Never for business changes: a change must commit together with the outbox rows that announce it, which only the
 * caller's JTA transaction guarantees.
 */
@ApplicationScoped
public class Jdbc {

    /** Work on one connection; what it changes commits when it returns, and nothing of it when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final String serviceName;
    private final TransactionManager transactions;
    private volatile DataSource dataSource;

    @Inject
    public Jdbc(@ConfigProperty(name = "mosaic.service.name") String serviceName, TransactionManager transactions) {
        this.serviceName = serviceName;
        this.transactions = transactions;
    }

    /**
     * Runs {@code work} on a connection of the service's pool in a transaction of its own, and commits it.
     *
     * @throws DataAccessFailure when the database refused or failed it (the driver's exception is its cause, where
     *                           {@code DatabaseOutage} recognises an unreachable database)
     */
    public <T> T transaction(String what, Work<T> work) {
        Transaction suspended = suspend();
        try (Connection connection = dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                if (autoCommit) {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessFailure("Could not " + what + " in the " + serviceName + " database: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
        } finally {
            resume(suspended);
        }
    }

    private DataSource dataSource() {
        DataSource current = dataSource;
        if (current == null) {
            current = DataSources.named(serviceName);
            dataSource = current;
        }
        return current;
    }

    private Transaction suspend() {
        try {
            return transactions.getStatus() == Status.STATUS_NO_TRANSACTION ? null : transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("The transaction manager could not suspend the caller's transaction", e);
        }
    }

    private void resume(Transaction suspended) {
        if (suspended == null) {
            return;
        }
        try {
            transactions.resume(suspended);
        } catch (Exception e) {
            throw new IllegalStateException("The transaction manager could not resume the caller's transaction", e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The database refused or failed a piece of platform bookkeeping; the driver's exception is the cause. */
    public static final class DataAccessFailure extends RuntimeException {
        public DataAccessFailure(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
