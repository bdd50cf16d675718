package dev.mosaic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifests agree with the code; and each check, fed a manifest broken on purpose, says what is wrong. */
class CrossChecksTest {

    private static final List<Deployable> CODE = Deployable.all();
    static final Set<String> AWAITING_CODE = CrossChecks.awaitingCode(Repo.read(Repo.path("knative/README.md")));

    private static CrossChecks checks(List<ObjectNode> docs) {
        return new CrossChecks(Manifests.toModels(docs, "test"), CODE, AWAITING_CODE);
    }

    private static CrossChecks checks(String kustomization) {
        return checks(Kustomize.build(Repo.path(kustomization)));
    }

    /** The base with one resource changed by {@code change}. */
    private static CrossChecks broken(String kind, String name, Consumer<ObjectNode> change) {
        List<ObjectNode> docs = Kustomize.build(Repo.path("knative/base"));
        ObjectNode doc = docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
        change.accept(doc);
        return checks(docs);
    }

    private static List<ObjectNode> without(String kind, String name) {
        List<ObjectNode> docs = new java.util.ArrayList<>(Kustomize.build(Repo.path("knative/base")));
        assertThat(docs.removeIf(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name))).isTrue();
        return docs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"knative/base", "knative/overlays/dev", "knative/overlays/prod"})
    void theManifestsAgreeWithTheCode(String kustomization) {
        CrossChecks checks = checks(kustomization);
        Map<String, Function<CrossChecks, List<String>>> all = Map.of(
                "images", CrossChecks::imagesMatchTheBuild,
                "probes", CrossChecks::probesHitServedPaths,
                "env", CrossChecks::envVarsAreRead,
                "sources", CrossChecks::consumedTopicsAreFed,
                "topics", CrossChecks::topicsDeclaredAreUsed,
                "ping", CrossChecks::pingSourcesHitServedPaths,
                "hardening", CrossChecks::servicesAreHardened,
                "laptop defaults", CrossChecks::laptopDefaultsAreOverridden,
                "grpc", CrossChecks::grpcCalleesServeH2c);
        all.forEach((name, check) -> assertThat(check.apply(checks)).as(name + " check on " + kustomization).isEmpty());
    }

    @Test
    void theCodeModelSeesWhatTheServicesDeclare() {
        Deployable orders = Deployable.named("orders");
        assertThat(orders.image()).isEqualTo("mosaic/orders");
        assertThat(orders.consumedTopics()).containsExactlyInAnyOrder("inventory.events", "payments.events", "catalog.events");
        assertThat(orders.envVars()).contains("MOSAIC_DB_URL", "MOSAIC_KAFKA_BOOTSTRAP", "MOSAIC_EVENTS_DELIVERY",
                "MOSAIC_UPSTREAM_CATALOG", "MOSAIC_DATA_DIR");
        assertThat(orders.httpPaths()).contains("/events", "/admin/dead-letters");
        assertThat(Deployable.named("gateway").envVars()).contains("PORT", "SERVER_HOST", "MOSAIC_UPSTREAM_ORDERS");
    }

    @Test
    void everySecretTheManifestsNeedIsDocumentedWithItsKeys() {
        String readme = Repo.read(Repo.path("knative/README.md"));
        Map<String, Set<String>> secrets = checks("knative/base").secretsReferenced();
        assertThat(secrets).containsOnlyKeys("catalog-db", "inventory-db", "orders-db", "payments-db", "notifications-db",
                "kafka-catalog", "kafka-inventory", "kafka-orders", "kafka-payments", "kafka-notifications", "knative-kafka-auth");
        secrets.forEach((name, keys) -> {
            assertThat(readme).as("knative/README.md explains how to create Secret " + name).contains(name);
            keys.forEach(key -> assertThat(readme).as("knative/README.md names key " + key).contains(key));
        });
    }

    @Test
    void aVariableAwaitingCodeMustBeListedAndASendersVariableMustNameAConsumedTopic() {
        assertThat(AWAITING_CODE).contains("MOSAIC_WORKLOAD_TOKEN_DIR", "MOSAIC_EVENTS_PUSH_SENDERS_<TOPIC>");
        // The code reads every one of them now: with nothing listed as awaiting code, the manifests still pass ...
        CrossChecks unlisted = new CrossChecks(checks("knative/base").all(io.fabric8.kubernetes.api.model.HasMetadata.class),
                CODE, Set.of());
        assertThat(unlisted.envVarsAreRead()).isEmpty();
        // ... and a variable neither read nor listed is reported.
        CrossChecks invented = new CrossChecks(broken("ConfigMap", "payments-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_WORKLOAD_INVENTED", "x")).all(io.fabric8.kubernetes.api.model.HasMetadata.class),
                CODE, Set.of());
        assertThat(invented.envVarsAreRead()).anySatisfy(p -> assertThat(p).contains("MOSAIC_WORKLOAD_INVENTED", "never reads"));
        CrossChecks checks = broken("ConfigMap", "payments-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_EVENTS_PUSH_SENDERS_ORDERS_EVENTS", "system:serviceaccount:mosaic:x"));
        assertThat(checks.envVarsAreRead()).singleElement().asString()
                .contains("MOSAIC_EVENTS_PUSH_SENDERS_ORDERS_EVENTS", "names no topic payments consumes");
    }

    @Test
    void aWrongImageIsCaught() {
        CrossChecks checks = broken("Service", "payments",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "mosaic/payment:1"));
        assertThat(checks.imagesMatchTheBuild()).singleElement().asString()
                .contains("'payments'", "mosaic/payment:1", "image.name");
    }

    @Test
    void aProbeOnAPathTheServiceDoesNotServeIsCaught() {
        CrossChecks checks = broken("Service", "catalog",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/readinessProbe/httpGet")).put("path", "/healthz"));
        assertThat(checks.probesHitServedPaths()).singleElement().asString().contains("readinessProbe", "/healthz");
    }

    @Test
    void anEnvironmentVariableNoCodeReadsIsCaught() {
        CrossChecks checks = broken("ConfigMap", "payments-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        assertThat(checks.envVarsAreRead()).singleElement().asString().contains("MOSAIC_KAFKA_BOOTSTRAP_SERVERS", "never reads");
    }

    @Test
    void anUpstreamThatIsNoServiceIsCaught() {
        CrossChecks checks = broken("ConfigMap", "gateway-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_UPSTREAM_ORDERS", "http://order"));
        assertThat(checks.envVarsAreRead()).singleElement().asString().contains("MOSAIC_UPSTREAM_ORDERS", "http://order");
    }

    @Test
    void aConsumedTopicWithoutASourceIsCaught() {
        CrossChecks checks = checks(without("KafkaSource", "payments-payments-commands"));
        assertThat(checks.consumedTopicsAreFed()).singleElement().asString()
                .contains("payments consumes payments.commands", "no KafkaSource");
    }

    @Test
    void aSourcePushingATopicItsSinkDoesNotConsumeIsCaught() {
        CrossChecks checks = broken("KafkaSource", "notifications-orders-events",
                d -> ((ArrayNode) d.at("/spec/topics")).removeAll().add("inventory.events"));
        assertThat(checks.consumedTopicsAreFed()).anySatisfy(p -> assertThat(p).contains("does not consume it"))
                .anySatisfy(p -> assertThat(p).contains("notifications consumes orders.events"));
    }

    @Test
    void aSourceWithoutItsDeadLetterSinkIsCaught() {
        CrossChecks checks = broken("KafkaSource", "orders-catalog-events",
                d -> ((ObjectNode) d.at("/spec/delivery")).remove("deadLetterSink"));
        assertThat(checks.consumedTopicsAreFed()).singleElement().asString().contains("catalog.events.dlq");
    }

    @Test
    void deadLettersNotPushedBackToTheirConsumerAreCaught() {
        CrossChecks checks = checks(without("KafkaSource", "notifications-payments-events-dlq"));
        assertThat(checks.consumedTopicsAreFed()).singleElement().asString()
                .contains("notifications consumes payments.events", "payments.events.dlq", "dead-letter store");
    }

    @Test
    void aSourceOfDeadLettersThatDeadLettersThemAgainIsCaught() {
        CrossChecks checks = broken("KafkaSource", "orders-catalog-events-dlq", d -> ((ObjectNode) d.at("/spec/delivery"))
                .putObject("deadLetterSink").putObject("ref").put("apiVersion", "eventing.knative.dev/v1alpha1")
                .put("kind", "KafkaSink").put("name", "catalog-events-dlq"));
        assertThat(checks.consumedTopicsAreFed()).singleElement().asString()
                .contains("orders-catalog-events-dlq", "must not dead-letter them again");
    }

    @Test
    void aPushConsumerLeftPollingIsCaught() {
        CrossChecks checks = broken("ConfigMap", "notifications-config",
                d -> ((ObjectNode) d.get("data")).remove("MOSAIC_EVENTS_DELIVERY"));
        assertThat(checks.consumedTopicsAreFed()).singleElement().asString().contains("MOSAIC_EVENTS_DELIVERY=push");
    }

    @Test
    void anUnusedTopicAndAnUndeclaredOneAreCaught() {
        CrossChecks unused = broken("KafkaTopic", "payments-events",
                d -> ((ObjectNode) d.get("spec")).put("topicName", "payment.events"));
        assertThat(unused.topicsDeclaredAreUsed())
                .anySatisfy(p -> assertThat(p).contains("payment.events is declared but no module"))
                .anySatisfy(p -> assertThat(p).contains("payments.events is used"));
    }

    @Test
    void aPingOnAPathTheServiceDoesNotServeIsCaught() {
        CrossChecks checks = broken("PingSource", "orders-outbox-flush",
                d -> ((ObjectNode) d.at("/spec/sink")).put("uri", "/admin/outbox/flsh"));
        assertThat(checks.pingSourcesHitServedPaths()).singleElement().asString().contains("/admin/outbox/flsh");
    }

    @Test
    void aContainerPortOtherThanTheServicesOwnIsCaught() {
        CrossChecks checks = broken("Service", "orders",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", 8080));
        assertThat(checks.servicesAreHardened()).singleElement().asString().contains("8083", "server.port");
    }

    @Test
    void aPublicInternalServiceIsCaught() {
        CrossChecks checks = broken("Service", "inventory",
                d -> ((ObjectNode) d.at("/metadata/labels")).remove("networking.knative.dev/visibility"));
        assertThat(checks.servicesAreHardened()).singleElement().asString().contains("'inventory' must be cluster-local");
    }

    @Test
    void prodKeepsEverySynchronouslyCalledServiceWarm() {
        assertThat(checks("knative/overlays/prod").synchronousCalleesStayWarm()).isEmpty();
        // dev lets payments and notifications (and more) sleep: the check sees it.
        assertThat(checks("knative/overlays/dev").synchronousCalleesStayWarm())
                .anySatisfy(p -> assertThat(p).contains("'payments' scales to zero", "min-scale"));
    }

    @Test
    void aBareUpstreamNameIsCaught() {
        CrossChecks checks = broken("ConfigMap", "orders-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_UPSTREAM_CATALOG", "http://catalog"));
        assertThat(checks.envVarsAreRead()).singleElement().asString()
                .contains("MOSAIC_UPSTREAM_CATALOG", "404", "http://catalog.<namespace>.svc.cluster.local");
    }

    @Test
    void anUpstreamInAnotherNamespaceThanTheServiceIsCaught() {
        List<ObjectNode> docs = Kustomize.build(Repo.path("knative/overlays/dev"));
        docs.stream().filter(d -> d.at("/metadata/name").asText().equals("gateway-config")).forEach(d ->
                ((ObjectNode) d.get("data")).put("MOSAIC_UPSTREAM_PAYMENTS", "http://payments.shop.svc.cluster.local"));
        assertThat(checks(docs).envVarsAreRead()).singleElement().asString()
                .contains("payments.mosaic.svc.cluster.local");
    }

    @Test
    void aLaptopDefaultLeftInPlaceIsCaught() {
        CrossChecks upstream = broken("ConfigMap", "gateway-config",
                d -> ((ObjectNode) d.get("data")).remove("MOSAIC_UPSTREAM_PAYMENTS"));
        assertThat(upstream.laptopDefaultsAreOverridden()).singleElement().asString()
                .contains("mosaic.upstream.payments", "127.0.0.1:8084", "MOSAIC_UPSTREAM_PAYMENTS");
        CrossChecks host = broken("ConfigMap", "catalog-config", d -> ((ObjectNode) d.get("data")).remove("SERVER_HOST"));
        assertThat(host.laptopDefaultsAreOverridden()).singleElement().asString().contains("server.host", "SERVER_HOST");
        CrossChecks dataDir = broken("ConfigMap", "payments-config", d -> ((ObjectNode) d.get("data")).remove("MOSAIC_DATA_DIR"));
        assertThat(dataDir.laptopDefaultsAreOverridden()).singleElement().asString().contains("mosaic.data.dir", "MOSAIC_DATA_DIR");
        CrossChecks database = broken("Service", "orders", d -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                d.at("/spec/template/spec/containers/0/env")).remove(0));
        assertThat(database.laptopDefaultsAreOverridden()).singleElement().asString().contains("mosaic.db.url", "jdbc:h2:file:");
    }

    @Test
    void aGrpcCalleeWithoutAnH2cPortIsCaught() {
        CrossChecks checks = broken("Service", "inventory",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/ports/0")).put("name", "http1"));
        assertThat(checks.grpcCalleesServeH2c()).singleElement().asString().contains("orders calls inventory", "h2c");
    }

    @Test
    void tooLittleMemoryOutsideTheHeapAndAOneCoreLimitAreCaught() {
        CrossChecks checks = broken("Service", "orders", d -> {
            ObjectNode limits = (ObjectNode) d.at("/spec/template/spec/containers/0/resources/limits");
            limits.put("memory", "400Mi");
            limits.put("cpu", "1");
        });
        assertThat(checks.servicesAreHardened())
                .anySatisfy(p -> assertThat(p).contains("'orders' leaves 272 MiB outside the heap (limit 400 MiB, -Xmx128m)"))
                .anySatisfy(p -> assertThat(p).contains("'orders' limits CPU to 1"));
    }

    @Test
    void aRetryBudgetThatDeadLettersAnOutageAndATightTimeoutAreCaught() {
        CrossChecks checks = broken("KafkaSource", "payments-payments-commands", d -> {
            ObjectNode delivery = (ObjectNode) d.at("/spec/delivery");
            delivery.put("retry", 5).put("backoffDelay", "PT0.5S").put("timeout", "PT10S");
        });
        assertThat(checks.consumedTopicsAreFed())
                .anySatisfy(p -> assertThat(p).contains("gives up after 15 s"))
                .anySatisfy(p -> assertThat(p).contains("PT10S"));
        assertThat(CrossChecks.retryBudget(12, "exponential", "PT1S")).hasSeconds(4095);
    }
}
