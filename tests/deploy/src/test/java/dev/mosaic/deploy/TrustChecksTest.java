package dev.mosaic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Zero trust inside, as the manifests deploy it; and each check, fed a manifest broken on purpose, says what is wrong. */
class TrustChecksTest {

    private static final List<Deployable> CODE = Deployable.all();

    private static TrustChecks checks(List<ObjectNode> docs) {
        return new TrustChecks(new CrossChecks(Manifests.toModels(docs, "test"), CODE, CrossChecksTest.AWAITING_CODE));
    }

    private static List<ObjectNode> base() {
        return new ArrayList<>(Kustomize.build(Repo.path("knative/base")));
    }

    private static ObjectNode find(List<ObjectNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The base with one resource changed by {@code change}. */
    private static TrustChecks broken(String kind, String name, Consumer<ObjectNode> change) {
        List<ObjectNode> docs = base();
        change.accept(find(docs, kind, name));
        return checks(docs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"knative/base", "knative/overlays/dev", "knative/overlays/prod"})
    void theManifestsKeepTrustInside(String kustomization) {
        TrustChecks checks = checks(Kustomize.build(Repo.path(kustomization)));
        Map<String, Function<TrustChecks, List<String>>> all = Map.of(
                "identity", TrustChecks::workloadsHaveTheirOwnIdentity,
                "senders", TrustChecks::eventsProveTheirSender,
                "kafka", TrustChecks::kafkaWritesFollowOwnership,
                "network", TrustChecks::networkIsNarrowed);
        all.forEach((name, check) -> assertThat(check.apply(checks)).as(name + " check on " + kustomization).isEmpty());
    }

    @Test
    void theOwnershipTableAgreesWithTheEventContracts() {
        Pattern row = Pattern.compile("^\\| `[^`]+` \\| `([a-z.]+)` \\| ([a-z]+) \\|", Pattern.MULTILINE);
        var rows = row.matcher(Repo.read(Repo.path("docs/events/README.md"))).results().toList();
        assertThat(rows).isNotEmpty();
        rows.forEach(m -> assertThat(TrustChecks.PRODUCES.get(m.group(2))).as("docs/events/README.md: " + m.group())
                .contains(m.group(1)));
    }

    @Test
    void oidcServiceAccountNamesAreKnativesOwn() {
        // knative.dev/pkg kmeta names_test.go (the long-suffix cases as forked with it).
        assertThat(TrustChecks.childName("asdf", "-deployment")).isEqualTo("asdf-deployment");
        assertThat(TrustChecks.childName("f".repeat(63), "-deployment"))
                .isEqualTo("ffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deployment");
        assertThat(TrustChecks.childName("a", "f".repeat(63)))
                .isEqualTo("ab5cfd486935decbc0d305799f4ce4414ffffffffffffffffffffffffffffff");
        assertThat(TrustChecks.childName("b".repeat(32), "f".repeat(32)))
                .isEqualTo("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb329c7c81b9ab3ba71aa139066aa5625d");
        assertThat(TrustChecks.oidcSubject("mosaic", "sources.knative.dev", "KafkaSource", "orders-payments-events"))
                .isEqualTo("system:serviceaccount:mosaic:orders-payments-events-oidc-sources.knative.dev-kafkasource");
    }

    @Test
    void aMissingCalleeTokenIsCaught() {
        TrustChecks checks = broken("Service", "orders",
                d -> ((ArrayNode) d.at("/spec/template/spec/volumes/0/projected/sources")).remove(1));
        assertThat(checks.workloadsHaveTheirOwnIdentity()).singleElement().asString()
                .contains("'orders'", "[catalog]", "[catalog, inventory]");
    }

    @Test
    void aTokenForAServiceNotCalledIsCaught() {
        TrustChecks checks = broken("ConfigMap", "gateway-config",
                d -> ((ObjectNode) d.get("data")).remove("MOSAIC_UPSTREAM_PAYMENTS"));
        assertThat(checks.workloadsHaveTheirOwnIdentity()).singleElement().asString()
                .contains("'gateway'", "payments", "one token per callee");
    }

    @Test
    void aSharedOrMountedServiceAccountIsCaught() {
        TrustChecks checks = broken("Service", "payments",
                d -> ((ObjectNode) d.at("/spec/template/spec")).put("serviceAccountName", "default"));
        assertThat(checks.workloadsHaveTheirOwnIdentity()).singleElement().asString().contains("'payments'", "default");
        TrustChecks mounted = broken("ServiceAccount", "catalog", d -> d.put("automountServiceAccountToken", true));
        assertThat(mounted.workloadsHaveTheirOwnIdentity()).singleElement().asString().contains("automountServiceAccountToken");
    }

    @Test
    void aSourceWithoutTheSinksAudienceIsCaught() {
        TrustChecks checks = broken("KafkaSource", "payments-payments-commands",
                d -> ((ObjectNode) d.at("/spec/sink")).remove("audience"));
        assertThat(checks.eventsProveTheirSender()).singleElement().asString()
                .contains("payments-payments-commands", "payments-events", "spec.sink.audience");
    }

    @Test
    void aSenderTheSinkDoesNotNameIsCaught() {
        TrustChecks checks = broken("ConfigMap", "notifications-config",
                d -> ((ObjectNode) d.get("data")).put("MOSAIC_EVENTS_PUSH_SENDERS_PAYMENTS_EVENTS",
                        "system:serviceaccount:mosaic:notifications-payments-events-oidc-sources.knative.dev-kafkasource"));
        assertThat(checks.eventsProveTheirSender()).singleElement().asString()
                .contains("MOSAIC_EVENTS_PUSH_SENDERS_PAYMENTS_EVENTS", "notifications-payments-events78cec2411f79f7d16bbd34e5585607ff-o");
    }

    @Test
    void aSourceNoEventPolicyAllowsAndAPolicyForWhatIsNotSentAreCaught() {
        TrustChecks missing = broken("EventPolicy", "orders-senders", d -> {
            ArrayNode from = (ArrayNode) d.at("/spec/from");
            for (int i = from.size() - 1; i >= 0; i--) {
                if (from.get(i).at("/ref/name").asText().equals("orders-catalog-events")) {
                    from.remove(i);
                }
            }
        });
        assertThat(missing.eventsProveTheirSender()).singleElement().asString()
                .contains("No EventPolicy lets KafkaSource 'orders-catalog-events' send to Service 'orders'");
        TrustChecks stray = broken("EventPolicy", "payments-senders", d -> ((ArrayNode) d.at("/spec/from")).addObject()
                .putObject("ref").put("apiVersion", "sources.knative.dev/v1beta1").put("kind", "KafkaSource")
                .put("name", "orders-payments-events"));
        assertThat(stray.eventsProveTheirSender()).singleElement().asString()
                .contains("lets KafkaSource/orders-payments-events send to Service/payments, where it sends nothing");
    }

    @Test
    void aPingWithoutAudienceOrSenderIsCaught() {
        TrustChecks checks = broken("PingSource", "catalog-outbox-flush", d -> ((ObjectNode) d.at("/spec/sink")).remove("audience"));
        assertThat(checks.eventsProveTheirSender()).singleElement().asString().contains("PingSource 'catalog-outbox-flush'");
    }

    @Test
    void aServiceWritingAnotherServicesTopicIsCaught() {
        List<ObjectNode> docs = base();
        ArrayNode acls = (ArrayNode) find(docs, "KafkaUser", "payments").at("/spec/authorization/acls");
        ObjectNode extra = acls.addObject();
        extra.putObject("resource").put("type", "topic").put("name", "orders.events").put("patternType", "literal");
        extra.putArray("operations").add("Write");
        assertThat(checks(docs).kafkaWritesFollowOwnership())
                .anySatisfy(p -> assertThat(p).contains("KafkaUser 'payments' may write", "must write exactly"))
                .anySatisfy(p -> assertThat(p).contains("may write orders.events, which orders owns"));
    }

    @Test
    void aPrefixWriteAndKnativeWritingAnEventTopicAreCaught() {
        List<ObjectNode> docs = base();
        ArrayNode acls = (ArrayNode) find(docs, "KafkaUser", "knative-eventing").at("/spec/authorization/acls");
        ObjectNode extra = acls.addObject();
        extra.putObject("resource").put("type", "topic").put("name", "payments.").put("patternType", "prefix");
        extra.putArray("operations").add("Write");
        assertThat(checks(docs).kafkaWritesFollowOwnership()).singleElement().asString()
                .contains("'knative-eventing' may write every topic matching payments.");
    }

    @Test
    void aServiceWithoutItsKafkaUserIsCaught() {
        List<ObjectNode> docs = base();
        docs.remove(find(docs, "KafkaUser", "notifications"));
        assertThat(checks(docs).kafkaWritesFollowOwnership()).singleElement().asString().contains("No KafkaUser 'notifications'");
    }

    @Test
    void aMissingDefaultDenyAndAnOpenKafkaEgressAreCaught() {
        List<ObjectNode> docs = base();
        docs.remove(find(docs, "NetworkPolicy", "default-deny-ingress"));
        assertThat(checks(docs).networkIsNarrowed()).singleElement().asString().contains("No default-deny NetworkPolicy");
        TrustChecks open = broken("NetworkPolicy", "mosaic-egress",
                d -> ((ObjectNode) d.at("/spec/egress/1")).remove("to"));
        assertThat(open.networkIsNarrowed()).singleElement().asString().contains("'mosaic-egress'", "9092");
    }

    @Test
    void aServiceNoPolicyLetsInIsCaught() {
        List<ObjectNode> docs = base();
        docs.remove(find(docs, "NetworkPolicy", "inventory-ingress"));
        assertThat(checks(docs).networkIsNarrowed())
                .anySatisfy(p -> assertThat(p).contains("'inventory' on port 8012"))
                .anySatisfy(p -> assertThat(p).contains("'inventory' on port 8082"));
        TrustChecks anyone = broken("NetworkPolicy", "catalog-ingress",
                d -> ((ObjectNode) d.at("/spec/ingress/0")).remove("from"));
        assertThat(anyone.networkIsNarrowed()).singleElement().asString().contains("'catalog-ingress'", "from anywhere");
    }
}
