package dev.mosaic.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once the Kafka consumer loop has died (an error it could not survive): the process still answers HTTP, but
 * no longer consumes and never will again, so the platform must restart it. Up while the loop runs, and when this
 * instance does not poll at all (push delivery, or no topics).
 */
@Liveness
@ApplicationScoped
public class ConsumerLivenessCheck implements HealthCheck {

    private final ConsumerRunner runner;

    @Inject
    public ConsumerLivenessCheck(ConsumerRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        return runner.failure()
                .map(error -> HealthCheckResponse.named("events-consumer").down()
                        .withData("topics", String.join(",", runner.polledTopics()))
                        .withData("error", "consumer loop died: " + error + "; restart the instance").build())
                .orElseGet(() -> HealthCheckResponse.named("events-consumer").up()
                        .withData("topics", String.join(",", runner.polledTopics())).build());
    }
}
