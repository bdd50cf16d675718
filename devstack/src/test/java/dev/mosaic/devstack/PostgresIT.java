package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One database and role per service on a real PostgreSQL (the admin URL of MOSAIC_PG_ADMIN_URL, or the default). */
class PostgresIT {

    private final Stack stack = new Stack(Path.of("."), System.getenv(), "", ServiceSpec.ALL);
    private final String name = "mosaicit" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    @BeforeEach
    void needsAServer() {
        try (Connection ignored = admin()) {
            // reachable
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL at " + stack.pgAdminUrl() + " as " + stack.pgAdminUser()
                    + " (" + e.getMessage() + "); set MOSAIC_PG_ADMIN_URL to run this test");
        }
    }

    @AfterEach
    void dropTestDatabase() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            s.execute("DROP ROLE IF EXISTS \"" + name + "\"");
        }
    }

    @Test
    void createsTheRoleAndItsDatabaseOnceAndTheServiceCanUseThem() throws SQLException {
        Postgres postgres = new Postgres(stack.pgAdminUrl(), stack.pgAdminUser(), stack.pgAdminPassword());

        assertThat(postgres.ensureDatabase(name)).isTrue();
        assertThat(postgres.ensureDatabase(name)).as("second run").isFalse();

        String url = Stack.postgresUrl(stack.pgAdminUrl(), name);
        try (Connection service = DriverManager.getConnection(url, name, name); Statement s = service.createStatement()) {
            s.execute("CREATE TABLE owned_by_the_service (id int)");
            ResultSet rs = s.executeQuery("SELECT current_database(), current_user");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("database").isEqualTo(name);
            assertThat(rs.getString(2)).as("user").isEqualTo(name);
        }
    }

    @Test
    void unreachableServerIsReportedWithWhatToDo() {
        Postgres nowhere = new Postgres("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "");
        assertThatThrownBy(() -> nowhere.ensureDatabase(name))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres as postgres")
                .hasMessageContaining("MOSAIC_PG_ADMIN_URL")
                .hasMessageContaining("unset MOSAIC_DB");
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(stack.pgAdminUrl(), stack.pgAdminUser(), stack.pgAdminPassword());
    }
}
