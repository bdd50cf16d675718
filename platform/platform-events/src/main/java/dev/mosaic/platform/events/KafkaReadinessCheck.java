package dev.mosaic.platform.events;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers, so an orchestrator does not route work to an instance that
 * cannot publish or consume. Results are kept for two seconds so probes do not hammer the broker.
 * Off with {@code mosaic.events.kafka-readiness=false}.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final KafkaClients kafka;
    private final boolean enabled;
    private volatile HealthCheckResponse last;
    private volatile long lastAt;

    @Inject
    public KafkaReadinessCheck(KafkaClients kafka,
                               @ConfigProperty(name = "mosaic.events.kafka-readiness", defaultValue = "true") boolean enabled) {
        this.kafka = kafka;
        this.enabled = enabled;
    }

    @Override
    public HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named("kafka").up().withData("check", "disabled").build();
        }
        long now = System.nanoTime();
        HealthCheckResponse cached = last;
        if (cached != null && now - lastAt < TimeUnit.SECONDS.toNanos(2)) {
            return cached;
        }
        HealthCheckResponse response;
        try {
            int nodes = kafka.admin().describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
            response = HealthCheckResponse.named("kafka").up()
                    .withData("bootstrap", kafka.bootstrap()).withData("nodes", nodes).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            response = HealthCheckResponse.named("kafka").down()
                    .withData("bootstrap", kafka.bootstrap())
                    .withData("error", "Kafka did not answer within 2 s: " + e.getClass().getSimpleName()).build();
        }
        last = response;
        lastAt = now;
        return response;
    }
}
