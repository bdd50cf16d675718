package dev.mosaic.platform.service;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.sql.DataSource;

import dev.mosaic.platform.data.MigrationFingerprint;
import dev.mosaic.platform.data.Migrations;
import dev.mosaic.testing.TestDatabase;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start runs Flyway only when the scripts it carries are not the ones the database was last migrated with
 * (ADR 0022), on a real database (H2, or PostgreSQL in the PostgreSQL pass): the same scripts skip it, and any
 * change to them (a new script, an edited applied one) goes through Flyway and its validation as before.
 */
class MigrationsIT {

    /** Flyway creates its history tables with quoted lower-case names. */
    private static final String HISTORIES =
            "(select id from (select 1 as id from \"flyway_schema_history\" union all select 1 from \"mosaic_platform_history\") h) t";

    @TempDir
    Path scripts;

    private DataSource database;

    @BeforeEach
    void freshDatabase() throws IOException {
        database = dataSource(TestDatabase.create("migrations"));
        write("db/platform/V1__platform.sql", "create table platform_thing (id varchar(36) primary key);");
        write("db/migration/V1__service.sql", "create table service_thing (id varchar(36) primary key, n integer);");
    }

    @Test
    void theFirstStartMigratesAndLaterStartsWithTheSameScriptsDoNotRunFlyway() throws Exception {
        Migrations.Result first = Migrations.bringCurrent(database, loader(scripts));
        assertThat(first.flywayRan()).isTrue();
        assertThat(first.platformApplied()).isEqualTo(1);
        assertThat(first.serviceApplied()).isEqualTo(1);
        assertThat(first.fingerprint().known()).isTrue();
        assertThat(first.fingerprint().files()).isEqualTo(2);
        long history = count(HISTORIES);

        for (int start = 0; start < 2; start++) {
            Migrations.Result again = Migrations.bringCurrent(database, loader(scripts));
            assertThat(again.flywayRan()).isFalse();
            assertThat(again.fingerprint().toString()).isEqualTo(first.fingerprint().toString());
        }
        assertThat(count(HISTORIES)).isEqualTo(history);
        assertThat(count("service_thing")).isZero();
    }

    @Test
    void aNewScriptRunsFlywayWhichAppliesItThenTheShortcutHoldsAgain() throws Exception {
        Migrations.bringCurrent(database, loader(scripts));
        write("db/migration/V2__more.sql", "insert into service_thing (id, n) values ('a', 1);");

        Migrations.Result next = Migrations.bringCurrent(database, loader(scripts));
        assertThat(next.flywayRan()).isTrue();
        assertThat(next.platformApplied()).isZero();
        assertThat(next.serviceApplied()).isEqualTo(1);
        assertThat(count("service_thing")).isEqualTo(1);

        assertThat(Migrations.bringCurrent(database, loader(scripts)).flywayRan()).isFalse();
        assertThat(count("service_thing")).isEqualTo(1);
    }

    @Test
    void anEditedAppliedScriptStillStopsTheStartInFlywaysValidation() throws Exception {
        Migrations.bringCurrent(database, loader(scripts));
        write("db/platform/V1__platform.sql", "create table platform_thing (id varchar(40) primary key);");

        assertThatThrownBy(() -> Migrations.bringCurrent(database, loader(scripts)))
                .isInstanceOf(FlywayException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void aDatabaseWithoutTheRecordIsMigratedByFlywayWhichFindsNothingToDo() throws Exception {
        Migrations.bringCurrent(database, loader(scripts));
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table mosaic_migrated");
        }

        Migrations.Result again = Migrations.bringCurrent(database, loader(scripts));
        assertThat(again.flywayRan()).isTrue();
        assertThat(again.platformApplied() + again.serviceApplied()).isZero();
        assertThat(Migrations.bringCurrent(database, loader(scripts)).flywayRan()).isFalse();
    }

    @Test
    void scriptsInAJarHaveTheFingerprintOfTheSameScriptsInADirectory(@TempDir Path elsewhere) throws Exception {
        Path jar = elsewhere.resolve("service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String directory : new String[] {"db/", "db/platform/", "db/migration/"}) {
                out.putNextEntry(new JarEntry(directory)); // as a built jar has them: the class loader finds locations by them
                out.closeEntry();
            }
            for (String name : new String[] {"db/platform/V1__platform.sql", "db/migration/V1__service.sql"}) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(scripts.resolve(name)));
                out.closeEntry();
            }
        }
        MigrationFingerprint fromDirectory = MigrationFingerprint.of(loader(scripts), "db/platform", "db/migration");
        MigrationFingerprint fromJar = MigrationFingerprint.of(loader(jar), "db/platform", "db/migration");
        assertThat(fromJar.known()).isTrue();
        assertThat(fromJar.toString()).isEqualTo(fromDirectory.toString());

        Migrations.bringCurrent(database, loader(jar));
        assertThat(Migrations.bringCurrent(database, loader(scripts)).flywayRan()).isFalse();
    }

    private void write(String name, String sql) throws IOException {
        Path file = scripts.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, sql);
    }

    /** Sees only {@code root}'s scripts, not the test classpath's. */
    private static ClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private long count(String table) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static DataSource dataSource(TestDatabase.Database db) {
        if (db.kind().startsWith("postgresql")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(db.url());
            pg.setUser(db.user());
            pg.setPassword(db.password());
            return pg;
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(db.url());
        h2.setUser(db.user());
        h2.setPassword(db.password());
        return h2;
    }
}
