package dev.mosaic.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import dev.mosaic.platform.data.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The relay's reads and writes of the outbox table, each in its own short local transaction over plain JDBC
 * ({@link Jdbc}, docs/adr/0020): no business change ever shares one with them, so they need no JTA.
 */
@ApplicationScoped
public class OutboxStore {

    /** One stored event waiting for publication. */
    public record Pending(long id, String topic, CloudEvent event) {
    }

    private final Jdbc jdbc;

    @Inject
    public OutboxStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} pending rows, oldest first, leaving out the rows of {@code skip} (published, but not marked
     * yet): they are neither read nor counted against the limit. One statement whatever their number, so the
     * database parses it once.
     */
    public List<Pending> pending(int limit, Collection<Long> skip) {
        return jdbc.transaction("read the outbox", c -> {
            try (PreparedStatement select = c.prepareStatement("select id, topic, event_id, event_type, source, subject, "
                    + "event_time, content_type, extensions, data from mosaic_outbox "
                    + "where published_at is null and id <> all(?) order by id")) {
                select.setArray(1, c.createArrayOf("bigint", skip.toArray(Long[]::new)));
                select.setMaxRows(limit);
                List<Pending> rows = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Pending(rs.getLong(1), rs.getString(2),
                                new CloudEvent(rs.getString(3), rs.getString(5), rs.getString(4), rs.getString(6),
                                        OffsetDateTime.parse(rs.getString(7)), rs.getString(8),
                                        rs.getString(10).getBytes(StandardCharsets.UTF_8), Extensions.read(rs.getString(9)))));
                    }
                }
                return rows;
            }
        });
    }

    /** Marks the rows acknowledged by the broker as published: one statement for the lot. */
    public void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        jdbc.transaction("mark " + ids.size() + " outbox rows published", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "update mosaic_outbox set published_at = ? where id in (" + placeholders + ")")) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                for (int i = 0; i < ids.size(); i++) {
                    update.setLong(i + 2, ids.get(i));
                }
                return update.executeUpdate();
            }
        });
    }

    public void recordFailure(long id, String error) {
        jdbc.transaction("record a failed publication in the outbox", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "update mosaic_outbox set attempts = attempts + 1, last_error = ? where id = ?")) {
                update.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    /** Published rows are kept a while for inspection, then removed. */
    public int deletePublishedBefore(Instant cutoff) {
        return jdbc.transaction("prune the outbox", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from mosaic_outbox where published_at is not null and published_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    public long backlog() {
        return jdbc.transaction("count the outbox's pending rows", c -> {
            try (PreparedStatement count = c.prepareStatement("select count(*) from mosaic_outbox where published_at is null");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
