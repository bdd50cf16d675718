package dev.mosaic.platform.core;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one problem document the gateway and the services write. */
class ProblemTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    @Test
    void aProblemCarriesItsTypeAndTheRequestIdOfTheWorkInProgress() {
        RequestContext.begin("req-42", null);

        JsonObject json = parse(Problem.of("not-found", "Not found", 404, "No order \"o-1\"\n", "/orders/o-1", null).toJson());

        assertThat(json.getString("type")).isEqualTo("https://mosaic.dev/problems/not-found");
        assertThat(json.getString("title")).isEqualTo("Not found");
        assertThat(json.getInt("status")).isEqualTo(404);
        assertThat(json.getString("detail")).isEqualTo("No order \"o-1\"\n");
        assertThat(json.getString("instance")).isEqualTo("/orders/o-1");
        assertThat(json.getString("requestId")).isEqualTo("req-42");
        assertThat(json).doesNotContainKey("errors");
    }

    @Test
    void fieldErrorsAreListedAndWhatIsUnknownIsLeftOut() {
        JsonObject json = parse(Problem.of("invalid-request", "Invalid request", 400, "2 fields", null,
                List.of(new FieldError("lines[0].quantity", "must be at least 1"), new FieldError("paymentToken", "is required")))
                .toJson());

        assertThat(json).doesNotContainKeys("instance", "requestId");
        assertThat(json.getJsonArray("errors")).hasSize(2);
        assertThat(json.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("lines[0].quantity");
        assertThat(json.getJsonArray("errors").getJsonObject(1).getString("message")).isEqualTo("is required");
        assertThat(parse(new Problem(null, null, 500, null, null, null, List.of()).toJson())).containsOnlyKeys("status");
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
