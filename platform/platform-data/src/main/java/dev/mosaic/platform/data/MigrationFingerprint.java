package dev.mosaic.platform.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.sql.DataSource;

/**
 * A digest of every file under the migration locations a class loader finds, by name and content, and the
 * database's record of the digest it was last migrated with (table {@code mosaic_migrated}, one row).
 * <p>
 * Any difference in a script (added, removed, renamed, edited) changes the digest. Locations served from
 * somewhere other than a directory or a jar cannot be listed, and files that cannot be read are not guessed at:
 * then the digest is unknown and never matches, and Flyway runs at every start, as it did before the shortcut.
 */
public final class MigrationFingerprint {

    static final String TABLE = "mosaic_migrated";

    private final String digest;
    private final int files;

    private MigrationFingerprint(String digest, int files) {
        this.digest = digest;
        this.files = files;
    }

    /** The scripts under {@code locations} (classpath directories, e.g. {@code db/migration}) as {@code loader} sees them. */
    public static MigrationFingerprint of(ClassLoader loader, String... locations) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            int files = 0;
            for (String location : locations) {
                Map<String, byte[]> found = new TreeMap<>();
                for (URL url : Collections.list(loader.getResources(location))) {
                    if (!list(url, location, found)) {
                        return new MigrationFingerprint(null, 0);
                    }
                }
                all.update((location + "\n").getBytes(StandardCharsets.UTF_8));
                for (var file : found.entrySet()) {
                    all.update((file.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
                    all.update(MessageDigest.getInstance("SHA-256").digest(file.getValue()));
                }
                files += found.size();
            }
            return new MigrationFingerprint(HexFormat.of().formatHex(all.digest()), files);
        } catch (IOException | UncheckedIOException e) {
            // Never a new reason for a start to fail: Flyway reads the scripts then, and says what is wrong with them.
            return new MigrationFingerprint(null, 0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    /** Adds the files under {@code url} to {@code found}, by their path below {@code location}; false when it cannot. */
    private static boolean list(URL url, String location, Map<String, byte[]> found) throws IOException {
        switch (url.getProtocol()) {
            case "file" -> {
                Path root;
                try {
                    root = Path.of(url.toURI());
                } catch (URISyntaxException e) {
                    return false;
                }
                try (Stream<Path> paths = Files.walk(root)) {
                    for (Path path : paths.filter(Files::isRegularFile).toList()) {
                        put(found, root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                    }
                }
                return true;
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                String prefix = location.endsWith("/") ? location : location + "/";
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                put(found, entry.getName().substring(prefix.length()), in.readAllBytes());
                            }
                        }
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The same name under two classpath entries counts twice, as Flyway sees both. */
    private static void put(Map<String, byte[]> found, String name, byte[] content) {
        String key = name;
        for (int copy = 2; found.containsKey(key); copy++) {
            key = name + "\0" + copy;
        }
        found.put(key, content);
    }

    /** Whether the scripts could be listed; an unknown fingerprint never matches. */
    public boolean known() {
        return digest != null;
    }

    /** Whether {@code dataSource} records that it was last migrated with these very scripts. */
    public boolean matches(DataSource dataSource) {
        if (!known()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!tableExists(connection)) {
                return false;
            }
            try (PreparedStatement select = connection.prepareStatement("select fingerprint from " + TABLE + " where id = 1");
                 ResultSet row = select.executeQuery()) {
                return row.next() && digest.equals(row.getString(1));
            }
        } catch (SQLException e) {
            // Flyway runs then, and reports whatever is wrong with the database in its own words.
            return false;
        }
    }

    /** Records in {@code dataSource} that it is now migrated with these scripts; an unknown fingerprint records nothing. */
    public void record(DataSource dataSource) throws SQLException {
        if (!known()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table if not exists " + TABLE + " (id integer primary key, fingerprint varchar(64) not null, "
                        + "scripts integer not null, migrated_at timestamp not null)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("delete from " + TABLE);
                 PreparedStatement insert = connection.prepareStatement(
                         "insert into " + TABLE + " (id, fingerprint, scripts, migrated_at) values (1, ?, ?, ?)")) {
                delete.executeUpdate();
                insert.setString(1, digest);
                insert.setInt(2, files);
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        var meta = connection.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? TABLE.toUpperCase(java.util.Locale.ROOT) : TABLE;
        try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    /** How many script files the digest covers. */
    public int files() {
        return files;
    }

    @Override
    public String toString() {
        return known() ? files + " files, sha-256 " + digest.substring(0, 12) : "not listable, so Flyway runs at every start";
    }
}
