package dev.mosaic.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizeTest {

    private static JsonNode find(List<ObjectNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String minScale(List<ObjectNode> docs, String service) {
        return find(docs, "Service", service).at("/spec/template/metadata/annotations/autoscaling.knative.dev~1min-scale").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlayBuildsIntoTypedManifestsInTheMosaicNamespace(String overlay) {
        List<ObjectNode> docs = Kustomize.build(Repo.path("knative/overlays/" + overlay));
        assertThat(docs).hasSameSizeAs(Kustomize.build(Repo.path("knative/base")));
        assertThat(Manifests.toModels(docs, "knative/overlays/" + overlay)).allSatisfy(m ->
                assertThat(m.getMetadata().getNamespace()).as(m.getKind() + " " + m.getMetadata().getName()).isEqualTo("mosaic"));
    }

    @Test
    void devRunsOneKafkaReplicaAndLetsTheReadPathSleep() {
        List<ObjectNode> dev = Kustomize.build(Repo.path("knative/overlays/dev"));
        assertThat(find(dev, "KafkaTopic", "orders-events").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(find(dev, "KafkaTopic", "orders-events-dlq").at("/spec/config/min.insync.replicas").asText()).isEqualTo("1");
        assertThat(find(dev, "KafkaTopic", "orders-events").at("/spec/config/retention.ms").asText()).isEqualTo("86400000");
        assertThat(minScale(dev, "catalog")).isEqualTo("0");
        assertThat(minScale(dev, "gateway")).isEqualTo("0");
        // The saga's timer lives in orders: it never sleeps, in any environment.
        assertThat(minScale(dev, "orders")).isEqualTo("1");
    }

    @Test
    void prodKeepsTwoGatewaysWarmAndTheBaseReplication() {
        List<ObjectNode> prod = Kustomize.build(Repo.path("knative/overlays/prod"));
        assertThat(minScale(prod, "gateway")).isEqualTo("2");
        assertThat(minScale(prod, "orders")).isEqualTo("1");
        assertThat(find(prod, "KafkaTopic", "orders-events").at("/spec/replicas").asInt()).isEqualTo(3);
        // The merge patch keeps what it does not mention.
        assertThat(find(prod, "Service", "gateway").at("/spec/template/spec/containerConcurrency").asInt()).isEqualTo(200);
    }

    @Test
    void imagesNamespaceAndTargetedPatchesApplyAsKustomizeDoes() {
        List<ObjectNode> docs = Kustomize.build(Fixtures.path("overlay-with-images"));
        JsonNode service = find(docs, "Service", "catalog");
        assertThat(service.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/mosaic/catalog:abc123");
        assertThat(service.at("/metadata/namespace").asText()).isEqualTo("shop");
        assertThat(minScale(docs, "catalog")).isEqualTo("0");
    }

    @Test
    void aPatchOfAResourceNobodyDeclaresFailsTheBuild() {
        assertThatThrownBy(() -> Kustomize.build(Fixtures.path("overlay-missing-target")))
                .hasMessageContaining("Service/catalogue").hasMessageContaining("which no resource declares");
    }
}
