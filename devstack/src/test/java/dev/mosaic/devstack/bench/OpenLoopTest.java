package dev.mosaic.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void serverLatencyIsCreatedAtToUpdatedAt() {
        var view = Json.createObjectBuilder().add("createdAt", "2026-12-04T23:40:00.100Z")
                .add("updatedAt", "2026-12-04T23:40:00.245500Z").build();
        assertThat(OpenLoop.serverMicros(view)).hasValue(145_500);
    }

    @Test
    void aViewWithoutTimestampsHasNoServerLatency() {
        assertThat(OpenLoop.serverMicros(Json.createObjectBuilder().add("status", "CONFIRMED").build())).isEmpty();
        assertThat(OpenLoop.serverMicros(Json.createObjectBuilder().add("createdAt", "yesterday")
                .add("updatedAt", "today").build())).isEmpty();
    }
}
