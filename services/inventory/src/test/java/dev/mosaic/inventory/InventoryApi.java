package dev.mosaic.inventory;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.mosaic.inventory.domain.InventoryService;
import dev.mosaic.inventory.domain.Line;
import dev.mosaic.inventory.domain.Reservation;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestTokens;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory as the tests use it: its admin and stock REST API over real HTTP, its reservations through the domain
 * (orders reaches them over gRPC, {@code InventoryGrpcIT}; the saga over Kafka, {@code InventoryEventsIT}), plain JDBC
 * to its database.
 */
final class InventoryApi {

    static final String JSON = "application/json";

    private InventoryApi() {
    }

    /** As an admin, and as the orders workload (the only caller that may reserve stock). */
    static Http http() {
        return ServicePort.http().with("Workload-Authorization", TestTokens.workload("orders"));
    }

    static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /** A sku no other test uses, stocked with {@code available} units. */
    static String stockedSku(int available) {
        String sku = "T-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT);
        setAvailable(sku, available);
        return sku;
    }

    static JsonObject setAvailable(String sku, int available) {
        return ok(http().send("PUT", "/admin/stock/" + sku, JSON, "{\"available\":" + available + "}"));
    }

    /** {@code {"sku", "available", "reserved", "committed"}} of a sku. */
    static JsonObject stock(String sku) {
        return ok(http().get("/admin/stock/" + sku));
    }

    static void assertStock(String sku, int available, int reserved, int committed) {
        JsonObject s = stock(sku);
        assertThat(List.of(s.getInt("available"), s.getInt("reserved"), s.getInt("committed")))
                .as("available, reserved, committed of " + sku).containsExactly(available, reserved, committed);
    }

    /** Reserves through the domain, in the service's own process: {@code skuAndQuantity} alternates sku, quantity. */
    static JsonObject reserve(String orderId, Object... skuAndQuantity) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.add(new Line((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]));
        }
        return view(inventory().reserve(orderId, lines));
    }

    static JsonObject release(String orderId) {
        return view(inventory().release(orderId));
    }

    static JsonObject commit(String orderId) {
        return view(inventory().commit(orderId));
    }

    /** The status of an order's reservation, read from the database; empty when inventory knows no such order. */
    static Optional<String> reservationStatus(String orderId) {
        return query("select status from reservation where order_id = ?", rs -> rs.next() ? rs.getString(1) : null, orderId);
    }

    private static InventoryService inventory() {
        return CDI.current().select(InventoryService.class).get();
    }

    /** {@code {"orderId","status","lines":[{"sku","quantity"}],"unavailable":[{"sku","requested","available"}]}}. */
    private static JsonObject view(Reservation r) {
        JsonArrayBuilder lines = Json.createArrayBuilder();
        r.lines().forEach(l -> lines.add(Json.createObjectBuilder().add("sku", l.sku()).add("quantity", l.quantity())));
        JsonArrayBuilder unavailable = Json.createArrayBuilder();
        r.unavailable().forEach(u -> unavailable.add(Json.createObjectBuilder().add("sku", u.sku())
                .add("requested", u.requested()).add("available", u.available())));
        return Json.createObjectBuilder().add("orderId", r.orderId()).add("status", r.status().name())
                .add("lines", lines).add("unavailable", unavailable).build();
    }

    static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    static JsonObject problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.mosaic");
        JsonObject problem = json(response.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        return problem;
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Whether the event with this id has been handled (its inbox row committed). */
    static boolean handled(String eventId) {
        return count("select count(*) from mosaic_inbox where event_id = ?", eventId) > 0;
    }

    /**
     * Events of {@code type} about {@code orderId} written to the outbox: what will be published, counted without
     * waiting on the broker, so "a repeated call publishes nothing" is checked exactly.
     */
    static int outboxed(String type, String orderId) {
        return count("select count(*) from mosaic_outbox where event_type = ? and subject = ?", type, orderId);
    }

    private static int count(String sql, String... parameters) {
        return query(sql, rs -> {
            rs.next();
            return rs.getInt(1);
        }, parameters).orElseThrow();
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> Optional<T> query(String sql, Rows<T> rows, String... parameters) {
        try (Connection c = DriverManager.getConnection(System.getProperty("mosaic.db.url"),
                System.getProperty("mosaic.db.user"), System.getProperty("mosaic.db.password"));
             PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                return Optional.ofNullable(rows.read(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
