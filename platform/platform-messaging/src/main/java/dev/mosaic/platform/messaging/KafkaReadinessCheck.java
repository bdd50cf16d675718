package dev.mosaic.platform.messaging;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether Kafka gates readiness. By default it does not ({@code mosaic.events.kafka-readiness=false}): no service
 * needs the broker to answer a request. Events are written to the outbox in the request's transaction and published
 * when the broker is back; consumers simply wait. Taking every instance out of rotation during a broker outage would
 * turn a delay in event processing into a full outage of the read and write APIs (catalog browsing, order lookups).
 * Readiness depends on what requests do need: the service's database ({@code DatabaseReadinessCheck}).
 * <p>
 * A service whose requests do need the broker synchronously can set {@code mosaic.events.kafka-readiness=true}: then
 * it is ready only while the cluster answers within 2 s, results kept for two seconds so probes do not hammer it.
 * Otherwise the check answers at once, without contacting the broker (a probe must not wait on it); broker trouble
 * shows in the outbox backlog and consumer lag metrics instead.
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
                               @ConfigProperty(name = "mosaic.events.kafka-readiness", defaultValue = "false") boolean enabled) {
        this.kafka = kafka;
        this.enabled = enabled;
    }

    @Override
    public HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named("kafka").up().withData("bootstrap", kafka.bootstrap())
                    .withData("check", "not a readiness condition (mosaic.events.kafka-readiness=false); the outbox "
                            + "keeps events while the broker is away").build();
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
