package dev.mosaic.inventory;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.mosaic.testing.Http;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory's REST API and outbox as the tests use them: real HTTP to the service, plain JDBC to its database. */
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

    /** Body of a reserve: {@code skuAndQuantity} alternates sku, quantity. */
    static String reserveBody(String orderId, Object... skuAndQuantity) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(skuAndQuantity[i]).append("\",\"quantity\":")
                    .append(skuAndQuantity[i + 1]).append('}');
        }
        return "{\"orderId\":\"" + orderId + "\",\"lines\":[" + lines + "]}";
    }

    static JsonObject reserve(String orderId, Object... skuAndQuantity) {
        return ok(http().send("POST", "/reservations", JSON, reserveBody(orderId, skuAndQuantity)));
    }

    static JsonObject release(String orderId) {
        return ok(http().send("POST", "/reservations/" + orderId + "/release", null, null));
    }

    static JsonObject commit(String orderId) {
        return ok(http().send("POST", "/reservations/" + orderId + "/commit", null, null));
    }

    static HttpResponse<String> reservation(String orderId) {
        return http().get("/reservations/" + orderId);
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
        try (Connection c = DriverManager.getConnection(System.getProperty("mosaic.db.url"),
                System.getProperty("mosaic.db.user"), System.getProperty("mosaic.db.password"));
             PreparedStatement count = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                count.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
