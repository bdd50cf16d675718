package dev.mosaic.platform.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class H2HousekeepingTest {

    private static final int COMMITS = 3_000;

    @TempDir
    Path dir;

    /**
     * The dev stack's H2 settings ({@code WRITE_DELAY=0}), except that chunks may be reused at once
     * ({@code RETENTION_TIME=0}) instead of 45 s after their last live page went: a test of seconds then shows what a
     * running service shows after a minute.
     */
    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0;CACHE_SIZE=2048;RETENTION_TIME=0";
    }

    @Test
    void aFileWrittenCommitByCommitLevelsOffWhenHousekeepingRuns() throws Exception {
        List<String> left = writeCommitByCommit("left", false);
        List<String> keptUp = writeCommitByCommit("kept", true);

        long grown = Files.size(dir.resolve("left.mv.db"));
        long kept = Files.size(dir.resolve("kept.mv.db"));
        // Without housekeeping nearly every commit's chunk stays, held by a leaf that no later commit rewrote.
        assertThat(grown).as("file without housekeeping").isGreaterThan(12L << 20);
        assertThat(kept).as("file with housekeeping, against %d bytes without", grown).isLessThan(grown / 4);
        assertThat(keptUp).as("rows with housekeeping").isEqualTo(left);
    }

    @Test
    void databasesThatH2MaintainsOrThatHaveNoFileAreLeftAlone() throws Exception {
        try (Connection delayed = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("d") + ";WRITE_DELAY=500");
             Connection memory = DriverManager.getConnection("jdbc:h2:mem:housekeeping");
             Connection ours = DriverManager.getConnection(url("ours"))) {
            assertThat(H2Housekeeping.store(delayed)).as("WRITE_DELAY=500: H2's own background writer").isNull();
            assertThat(H2Housekeeping.store(memory)).as("in memory").isNull();
            assertThat(H2Housekeeping.store(ours)).as("WRITE_DELAY=0, a file").isNotNull();
            assertThat(H2Housekeeping.compact(delayed)).isFalse();
            assertThat(H2Housekeeping.compact(memory)).isFalse();
        }
    }

    /**
     * What a service's commits look like to H2: rows added under random keys (order ids) to a table with a second
     * index, and an earlier row changed; one commit after another, a housekeeping pass after every 50 when asked.
     * Returns every row, in key order.
     */
    private List<String> writeCommitByCommit(String name, boolean housekeeping) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(name))) {
            try (Statement s = c.createStatement()) {
                s.execute("create table t (id varchar(36) primary key, customer varchar(20), status varchar(20),"
                        + " payload varchar(1000))");
                s.execute("create index t_by_customer on t (customer, status)");
            }
            c.setAutoCommit(false);
            Random random = new Random(42);
            List<String> ids = new ArrayList<>();
            try (PreparedStatement add = c.prepareStatement("insert into t values (?, ?, 'NEW', ?)");
                 PreparedStatement move = c.prepareStatement("update t set status = ? where id = ?")) {
                for (int i = 1; i <= COMMITS; i++) {
                    String id = new UUID(random.nextLong(), random.nextLong()).toString();
                    ids.add(id);
                    add.setString(1, id);
                    add.setString(2, "customer-" + random.nextInt(200));
                    add.setString(3, ("payload of " + id + " ").repeat(8));
                    add.executeUpdate();
                    move.setString(1, "STEP-" + i);
                    move.setString(2, ids.get(random.nextInt(ids.size())));
                    move.executeUpdate();
                    c.commit();
                    if (housekeeping && i % 50 == 0) {
                        H2Housekeeping.compact(c);
                    }
                }
            }
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select * from t order by id")) {
                while (r.next()) {
                    rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
                }
            }
            assertThat(rows).hasSize(COMMITS);
            return rows;
        }
    }
}
