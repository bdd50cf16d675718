package dev.mosaic.platform.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Platform rows (outbox, inbox, dead letters) written and read behind the service's back, over plain JDBC. */
final class OutboxRows {

    private OutboxRows() {
    }

    /** Commits a pending row of {@link FakeLedger#RECORDED} for {@code id}, without waking the relay, as a crash leaves it. */
    static void insertUnwoken(String id) throws Exception {
        try (Connection c = connect();
             PreparedStatement insert = c.prepareStatement("insert into mosaic_outbox (event_id, topic, event_key, "
                     + "event_type, source, subject, event_time, content_type, extensions, data, created_at, attempts) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, FakeLedger.TOPIC);
            insert.setString(3, id);
            insert.setString(4, FakeLedger.RECORDED);
            insert.setString(5, "/test/ledger");
            insert.setString(6, id);
            insert.setString(7, Instant.now().toString());
            insert.setString(8, "application/json");
            insert.setString(9, "{}");
            insert.setString(10, "{\"id\":\"" + id + "\"}");
            insert.setTimestamp(11, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** When the outbox row of {@code subject} was published; null while it is pending. */
    static Timestamp publishedAt(String subject) throws Exception {
        return ofOutboxRow(subject, "published_at", rs -> rs.getTimestamp(1));
    }

    /** The id of the outbox row of {@code subject}. */
    static long idOf(String subject) throws Exception {
        return ofOutboxRow(subject, "id", rs -> rs.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One column of the outbox row of {@code subject}, which must exist. */
    private static <T> T ofOutboxRow(String subject, String column, Column<T> value) throws Exception {
        try (Connection c = connect();
             PreparedStatement select = c.prepareStatement("select " + column + " from mosaic_outbox where subject = ?")) {
            select.setString(1, subject);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("outbox row of " + subject).isTrue();
                return value.read(rs);
            }
        }
    }

    /** An inbox row of event {@code id} (source /test/retention) handled at {@code handledAt}. */
    static void insertInbox(String id, Instant handledAt) throws Exception {
        try (Connection c = connect();
             PreparedStatement insert = c.prepareStatement("insert into mosaic_inbox (source, event_id, event_type, "
                     + "handled_at) values ('/test/retention', ?, 'test', ?)")) {
            insert.setString(1, id);
            insert.setTimestamp(2, Timestamp.from(handledAt));
            insert.executeUpdate();
        }
    }

    static boolean inboxHas(String id) throws Exception {
        return exists("select 1 from mosaic_inbox where event_id = ?", id);
    }

    /** A dead letter of event {@code id} in {@code status}, failed and (when not null) redriven at the given times. */
    static void insertDeadLetter(String id, String status, Instant failedAt, Instant redrivenAt) throws Exception {
        try (Connection c = connect();
             PreparedStatement insert = c.prepareStatement("insert into mosaic_dead_letter (topic, partition_no, "
                     + "record_offset, event_id, error, error_class, attempts, status, failed_at, redriven_at) "
                     + "values ('retention.test', 0, 0, ?, 'failed', 'java.lang.IllegalStateException', 3, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, status);
            insert.setTimestamp(3, Timestamp.from(failedAt));
            insert.setTimestamp(4, redrivenAt == null ? null : Timestamp.from(redrivenAt));
            insert.executeUpdate();
        }
    }

    static boolean deadLetterHas(String id) throws Exception {
        return exists("select 1 from mosaic_dead_letter where event_id = ?", id);
    }

    private static boolean exists(String sql, String id) throws Exception {
        try (Connection c = connect(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(System.getProperty("mosaic.db.url"),
                System.getProperty("mosaic.db.user"), System.getProperty("mosaic.db.password"));
    }
}
