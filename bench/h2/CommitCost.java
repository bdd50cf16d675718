import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What orders' transactions cost an embedded H2 database opened as the dev stack opens it ({@code WRITE_DELAY=0}),
 * and how its file grows: for each set of extra URL settings given, one database, and in it rounds of orders, each
 * order as orders writes it (stored with its line, timeline row and event; moved on twice, with a timeline row and an
 * event each, the second with its inbox row; the relay's marks every fourth order), committed one transaction after
 * another. Prints, per round, the committing thread's CPU time per order, the bytes written per order and the file's
 * size: later rounds run on a larger database, as a service that has been running for a while does.
 *
 * <p>Run by bench/h2/run. The tables are those of orders' and the platform's migrations; there is no Flyway, JPA or
 * service here on purpose: the point is what the database does at a commit, not what the layers above it do. There
 * is no housekeeping either (platform-data's H2Housekeeping, ADR 0030): this shows what H2 does alone.
 */
public final class CommitCost {

    private static final String SCHEMA = """
            create table customer_order (
                id varchar(36) primary key, customer_id varchar(100) not null, status varchar(20) not null,
                reason varchar(30), total_amount bigint not null, total_currency char(3) not null,
                payment_token varchar(100) not null, idempotency_key varchar(100), request_hash varchar(64) not null,
                payment_requested boolean not null default false, step_attempts integer not null default 0,
                step_deadline timestamp with time zone, created_at timestamp with time zone not null,
                updated_at timestamp with time zone not null, version bigint not null default 0,
                constraint customer_order_idempotency unique (customer_id, idempotency_key));
            create index customer_order_by_customer on customer_order (customer_id, created_at);
            create index customer_order_open_steps on customer_order (status, step_deadline);
            create table order_line (
                order_id varchar(36) not null references customer_order (id), line_no integer not null,
                sku varchar(64) not null, quantity integer not null, unit_price_amount bigint not null,
                unit_price_currency char(3) not null, primary key (order_id, line_no));
            create table order_transition (
                order_id varchar(36) not null references customer_order (id), seq integer not null,
                status varchar(20) not null, reason varchar(30), changed_at timestamp with time zone not null,
                primary key (order_id, seq));
            create table mosaic_outbox (
                id bigint generated always as identity primary key, event_id varchar(64) not null,
                topic varchar(249) not null, event_key varchar(200), event_type varchar(200) not null,
                source varchar(200) not null, subject varchar(200), event_time varchar(40) not null,
                content_type varchar(100), extensions varchar(4000) not null, data varchar(1000000) not null,
                created_at timestamp with time zone not null, published_at timestamp with time zone,
                attempts integer not null default 0, last_error varchar(2000));
            create index mosaic_outbox_pending on mosaic_outbox (published_at, id);
            create table mosaic_inbox (
                source varchar(200) not null, event_id varchar(64) not null, event_type varchar(200) not null,
                handled_at timestamp with time zone not null,
                constraint mosaic_inbox_pk primary key (source, event_id));
            """;

    private static final String DATA = "{\"orderId\":\"%s\",\"customerId\":\"%s\",\"lines\":[{\"sku\":\"TEA-ASS-250\","
            + "\"quantity\":1,\"unitPrice\":{\"amount\":850,\"currency\":\"EUR\"}}],\"total\":{\"amount\":850,"
            + "\"currency\":\"EUR\"},\"paymentToken\":\"tok_ok\"}";

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CommitCost <scratch dir> <orders per round> <rounds> [URL settings ...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int orders = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<String> suffixes = new ArrayList<>(List.of(args).subList(3, args.length));
        if (suffixes.isEmpty()) {
            suffixes.add("");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("| round | extra URL settings | CPU µs per order | KiB written per order | file KiB |%n");
        System.out.printf("|---:|---|---:|---:|---:|%n");
        for (int v = 0; v < suffixes.size(); v++) {
            Path db = dir.resolve("v" + v);
            Files.createDirectories(db);
            String url = "jdbc:h2:file:" + db.resolve("orders") + ";WRITE_DELAY=0;CACHE_SIZE=2048" + suffixes.get(v);
            try (Connection c = DriverManager.getConnection(url, "sa", "sa")) {
                try (Statement s = c.createStatement()) {
                    s.execute(SCHEMA);
                }
                c.setAutoCommit(false);
                for (int round = 1; round <= rounds; round++) {
                    long written = written();
                    long cpu = threads.getCurrentThreadCpuTime();
                    run(c, orders);
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    written = written() - written;
                    System.out.printf("| %d | `%s` | %.0f | %.1f | %d |%n", round,
                            suffixes.get(v).isEmpty() ? "(none)" : suffixes.get(v),
                            cpu / 1000.0 / orders, written / 1024.0 / orders,
                            Files.size(db.resolve("orders.mv.db")) / 1024);
                }
            }
        }
    }

    /** The bytes this process has written so far, from the kernel's count (the database is all it writes). */
    private static long written() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("no wchar in /proc/self/io");
    }

    private static void run(Connection c, int orders) throws SQLException {
        try (PreparedStatement order = c.prepareStatement("insert into customer_order (id, customer_id, status,"
                + " total_amount, total_currency, payment_token, idempotency_key, request_hash, created_at, updated_at)"
                + " values (?, ?, 'PENDING', 850, 'EUR', 'tok_ok', ?, ?, ?, ?)");
             PreparedStatement line = c.prepareStatement(
                     "insert into order_line values (?, 1, 'TEA-ASS-250', 1, 850, 'EUR')");
             PreparedStatement transition = c.prepareStatement(
                     "insert into order_transition values (?, ?, ?, null, ?)");
             PreparedStatement event = c.prepareStatement("insert into mosaic_outbox (event_id, topic, event_key,"
                     + " event_type, source, subject, event_time, content_type, extensions, data, created_at)"
                     + " values (?, 'orders.events', ?, ?, '/mosaic/orders', ?, ?, 'application/json', ?, ?, ?)");
             PreparedStatement move = c.prepareStatement("update customer_order set status = ?, version = version + 1,"
                     + " updated_at = ? where id = ?");
             PreparedStatement inbox = c.prepareStatement("insert into mosaic_inbox values (?, ?, ?, ?)");
             PreparedStatement mark = c.prepareStatement("update mosaic_outbox set published_at = ? where id in"
                     + " (select id from mosaic_outbox where published_at is null order by id limit 100)")) {
            for (int i = 0; i < orders; i++) {
                String id = UUID.randomUUID().toString();
                String customer = "customer-" + (i % 200);
                OffsetDateTime now = OffsetDateTime.now();
                // 1. The placement: the order, its line, its first timeline row, its event.
                order.setString(1, id);
                order.setString(2, customer);
                order.setString(3, UUID.randomUUID().toString());
                order.setString(4, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
                order.setObject(5, now);
                order.setObject(6, now);
                order.executeUpdate();
                line.setString(1, id);
                line.executeUpdate();
                transitionRow(transition, id, 0, "PENDING", now);
                event(event, id, customer, "dev.mosaic.order.placed.v1", now);
                c.commit();
                // 2. Moved on by inventory's answer, and later by the payment's event (with its inbox row).
                for (int step = 1; step <= 2; step++) {
                    String status = step == 1 ? "AWAITING_PAYMENT" : "CONFIRMED";
                    if (step == 2) {
                        inbox.setString(1, "/mosaic/payments");
                        inbox.setString(2, UUID.randomUUID().toString());
                        inbox.setString(3, "dev.mosaic.payment.authorized.v1");
                        inbox.setObject(4, now);
                        inbox.executeUpdate();
                    }
                    move.setString(1, status);
                    move.setObject(2, now);
                    move.setString(3, id);
                    move.executeUpdate();
                    transitionRow(transition, id, step, status, now);
                    event(event, id, customer, "dev.mosaic.order." + status.toLowerCase() + ".v1", now);
                    c.commit();
                }
                // 3. The relay marks what it published, a few events at a time.
                if (i % 4 == 3) {
                    mark.setObject(1, now);
                    mark.executeUpdate();
                    c.commit();
                }
            }
        }
    }

    private static void transitionRow(PreparedStatement transition, String id, int seq, String status,
                                      OffsetDateTime now) throws SQLException {
        transition.setString(1, id);
        transition.setInt(2, seq);
        transition.setString(3, status);
        transition.setObject(4, now);
        transition.executeUpdate();
    }

    private static void event(PreparedStatement event, String id, String customer, String type, OffsetDateTime now)
            throws SQLException {
        event.setString(1, UUID.randomUUID().toString());
        event.setString(2, id);
        event.setString(3, type);
        event.setString(4, id);
        event.setString(5, now.toString());
        event.setString(6, "{\"traceparent\":\"00-" + UUID.randomUUID().toString().replace("-", "")
                + "-0123456789abcdef-01\",\"partitionkey\":\"" + id + "\"}");
        event.setString(7, DATA.formatted(id, customer));
        event.setObject(8, now);
        event.executeUpdate();
    }
}
