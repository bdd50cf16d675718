package dev.mosaic.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Creates, when missing, one PostgreSQL role and one database owned by it per service (MOSAIC_DB=postgres). */
public final class Postgres {

    private final String adminUrl;
    private final String adminUser;
    private final String adminPassword;

    public Postgres(String adminUrl, String adminUser, String adminPassword) {
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /**
     * Makes sure role {@code name} (password {@code name}) and database {@code name} owned by it exist.
     *
     * @return true if anything was created
     */
    public boolean ensureDatabase(String name) throws SQLException {
        // Identifiers cannot be bound as parameters; the name is checked instead (ServiceSpec allows [a-z][a-z0-9]*).
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a safe database name: " + name);
        }
        try (Connection c = connect()) {
            boolean created = false;
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                created |= createUnlessRaced(c, "CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + name + "'");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                // CREATE DATABASE cannot run in a transaction; the connection is in auto-commit.
                created |= createUnlessRaced(c, "CREATE DATABASE \"" + name + "\" OWNER \"" + name + "\"");
            }
            return created;
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", adminUser);
        props.setProperty("password", adminPassword);
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "mosaic-devstack");
        try {
            return DriverManager.getConnection(adminUrl, props);
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage()).replaceAll("\\.+$", "");
            throw new SQLException("Cannot connect to PostgreSQL at " + adminUrl + " as " + adminUser + ": "
                    + reason + ". Start PostgreSQL, set MOSAIC_PG_ADMIN_URL / MOSAIC_PG_ADMIN_USER /"
                    + " MOSAIC_PG_ADMIN_PASSWORD to an admin account, or unset MOSAIC_DB to use embedded H2.",
                    e.getSQLState(), e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs a CREATE; false if another process created the same object in the meantime. */
    private static boolean createUnlessRaced(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            // 42710 duplicate_object (role), 42P04 duplicate_database
            if ("42710".equals(e.getSQLState()) || "42P04".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
