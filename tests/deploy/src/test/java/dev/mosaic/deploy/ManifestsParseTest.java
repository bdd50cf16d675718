package dev.mosaic.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;

import org.junit.jupiter.api.Test;

class ManifestsParseTest {

    /** Resource files of the base; overlay patches are partial and are checked once merged (KustomizeTest). */
    static List<Path> baseFiles() {
        return Repo.files(Repo.path("knative/base"), ".yaml").stream()
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList();
    }

    @Test
    void everyBaseManifestParsesIntoItsTypedModelWithNoStrayField() {
        assertThat(baseFiles()).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : baseFiles()) {
            List<HasMetadata> models = Manifests.toModels(Manifests.readTrees(file), file.toString());
            assertThat(models).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theBaseDeclaresEveryKindItNeeds() {
        List<HasMetadata> all = Manifests.toModels(Kustomize.build(Repo.path("knative/base")), "knative/base");
        assertThat(all).extracting(HasMetadata::getKind)
                .contains("Service", "ConfigMap", "KafkaSource", "KafkaSink", "PingSource", "KafkaTopic", "ServiceAccount",
                        "EventPolicy", "KafkaUser", "NetworkPolicy");
        assertThat(all.stream().filter(Service.class::isInstance)).hasSize(6);
    }

    @Test
    void aMisspeltFieldIsRejectedWithItsPath() {
        Path file = Fixtures.path("typo-field.yaml");
        assertThatThrownBy(() -> Manifests.toModels(Manifests.readTrees(file), file.toString()))
                .hasMessageContaining("'typo'").hasMessageContaining("spec.template.spec.containerConcurency");
    }

    @Test
    void aKindTheseManifestsDoNotDeployIsRejected() {
        Path file = Fixtures.path("unknown-kind.yaml");
        assertThatThrownBy(() -> Manifests.toModels(Manifests.readTrees(file), file.toString()))
                .hasMessageContaining("apps/v1/Deployment").hasMessageContaining("not a kind these manifests deploy");
    }

    @Test
    void aKafkaTopicWithoutPartitionsOrWithAStrayFieldIsRejected() {
        Path file = Fixtures.path("topic-without-partitions.yaml");
        assertThatThrownBy(() -> Manifests.toModels(Manifests.readTrees(file), file.toString()))
                .hasMessageContaining("spec.replica").hasMessageContaining("spec.partitions");
    }

    @Test
    void aKafkaUserWithAStrayFieldOrAnUnknownOperationIsRejected() {
        Path file = Fixtures.path("kafka-user-typo.yaml");
        assertThatThrownBy(() -> Manifests.toModels(Manifests.readTrees(file), file.toString()))
                .hasMessageContaining("spec.authorization.acls[0].resource.patern")
                .hasMessageContaining("spec.authorization.acls[0].operations: Wrte");
    }

    @Test
    void anEventPolicyWithAMisspeltFieldIsRejected() {
        Path file = Fixtures.path("event-policy-typo.yaml");
        assertThatThrownBy(() -> Manifests.toModels(Manifests.readTrees(file), file.toString()))
                .hasMessageContaining("'careless'").hasMessageContaining("spec.form");
    }
}
