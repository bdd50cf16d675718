package dev.mosaic.platform.core;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    @Test
    void thePoolTimingOutDeepInsideJpaIsAnOutage() {
        var pool = new SQLTransientConnectionException("ledger - Connection is not available, request timed out after 5000ms.");
        var jpa = new RuntimeException("Exception [EclipseLink-4002]", new RuntimeException("DatabaseException", pool));

        assertThat(DatabaseOutage.isCause(jpa)).isTrue();
        assertThat(DatabaseOutage.describe(jpa)).isEqualTo("ledger - Connection is not available, request timed out after 5000ms.");
    }

    @Test
    void aPoolTimeoutWithoutAFailedConnectionIsAnExhaustedPoolNotADownDatabase() {
        var busy = new RuntimeException(new SQLTransientConnectionException(
                "ledger - Connection is not available, request timed out after 5000ms."));
        // What HikariCP throws when it could not connect: the driver's failure is the cause, with its SQLSTATE.
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        var down = new RuntimeException(new SQLTransientConnectionException(
                "ledger - Connection is not available, request timed out after 5000ms (Connection to 127.0.0.1:5432 refused.).",
                "08001", refused));

        assertThat(DatabaseOutage.isPoolExhausted(busy)).isTrue();
        assertThat(DatabaseOutage.what(busy)).contains("no database connection became free", "overloaded");
        assertThat(DatabaseOutage.isPoolExhausted(down)).isFalse();
        assertThat(DatabaseOutage.what(down)).isEqualTo("the database is unavailable");
        assertThat(DatabaseOutage.whatToCheck(busy)).contains("connections");
        assertThat(DatabaseOutage.whatToCheck(down)).contains("check the database");
        assertThat(DatabaseOutage.isPoolExhausted(refused)).isFalse();
        assertThat(DatabaseOutage.isPoolExhausted(new IllegalStateException("x"))).isFalse();
        // Handled alike: retried, never dead-lettered.
        assertThat(DatabaseOutage.isCause(busy)).isTrue();
        assertThat(DatabaseOutage.isCause(down)).isTrue();
    }

    @Test
    void connectionStatesAndPostgresShutdownStatesAreOutages() {
        assertThat(DatabaseOutage.isCause(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("terminating connection because of crash of another server process", "57P02"))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("the database system is starting up", "57P03"))).isTrue();
    }

    @Test
    void constraintViolationsBadSqlAndPlainBugsAreNot() {
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLIntegrityConstraintViolationException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isCause(new SQLException("relation \"nope\" does not exist", "42P01"))).isFalse();
        assertThat(DatabaseOutage.isCause(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("account locked"))).isFalse();
        assertThat(DatabaseOutage.isCause(null)).isFalse();
    }

    @Test
    void describeKeepsTheFirstLineOfTheDriversMessage() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused.\nCheck that the hostname and port are correct", "08001");

        assertThat(DatabaseOutage.describe(new RuntimeException(refused))).isEqualTo("Connection to 127.0.0.1:5432 refused.");
    }
}
