package dev.mosaic.platform.service;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.mosaic.platform.messaging.CloudEvent;
import dev.mosaic.testing.Http;
import dev.mosaic.testing.ServiceInfra;
import dev.mosaic.testing.ServicePort;
import dev.mosaic.testing.TestKafka;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer loop that dies takes liveness down with it, so the platform restarts the instance. */
@ExtendWith(ServiceInfra.class)
@HelidonTest
class ConsumerLivenessIT {

    @Test
    void livenessGoesDownWhenTheConsumerLoopDies() {
        String account = "acct-" + UUID.randomUUID();
        Http http = ServicePort.http();
        // Alive while consuming: a credit goes through.
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);

        FakeCreditHandler.FATAL.add(account);
        try {
            TestKafka.publish("ledger.commands", CloudEvent.create("/test/bank", FakeCreditHandler.TYPE, account,
                    "{\"account\":\"" + account + "\",\"amount\":1}"));

            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/live").statusCode() == 503);
            HttpResponse<String> live = http.get("/health/live");
            JsonObject body = Json.createReader(new StringReader(live.body())).readObject();
            assertThat(body.getString("status")).isEqualTo("DOWN");
            assertThat(live.body()).contains("events-consumer").contains("MissingFromTheImage");
        } finally {
            // The record stays uncommitted: a later consumer of the topic must be able to handle it.
            FakeCreditHandler.FATAL.remove(account);
        }
    }
}
