package dev.mosaic.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.mosaic.platform.dev.FreePort;
import dev.mosaic.platform.messaging.KafkaClients;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KafkaUsers of knative/ on a real broker that authenticates (SCRAM-SHA-512) and authorises (Kafka's
 * StandardAuthorizer, as Strimzi's {@code authorization: simple}): each service, signed in as itself through its
 * own client settings ({@code mosaic.kafka.*}, what the manifests set), may write the topics it owns and the dead
 * letters of what it consumes, and nothing else. This is what makes "an event type is accepted only from the topic
 * that owns it" a proof of who sent it.
 */
class KafkaAclsIT {

    private static final String PASSWORD_OF = "secret-of-";
    private static SecuredKafka broker;
    private static int saslPort;
    private static Path data;
    private static Map<String, List<TrustChecks.Acl>> acls;

    @BeforeAll
    static void startASecuredBroker() throws Exception {
        acls = kafkaUsers();
        data = Files.createTempDirectory("mosaic-kafka-acls");
        saslPort = FreePort.onLoopback();
        Map<String, Map.Entry<String, List<TrustChecks.Acl>>> users = new java.util.LinkedHashMap<>();
        acls.forEach((user, rules) -> users.put(user, Map.entry(PASSWORD_OF + user, rules)));
        broker = SecuredKafka.start(data, "127.0.0.1", FreePort.onLoopback(), FreePort.onLoopback(),
                List.of(new SecuredKafka.Listener("SASL_PLAINTEXT", "127.0.0.1:" + saslPort, "127.0.0.1:" + saslPort)),
                topics().stream().collect(Collectors.toMap(t -> t, t -> 1)), users);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyServiceWritesTheTopicsItOwnsAndTheDeadLettersOfWhatItConsumesAndNothingElse() {
        List<String> problems = new ArrayList<>();
        for (String service : TrustChecks.PRODUCES.keySet()) {
            Set<String> allowed = new TreeSet<>(TrustChecks.PRODUCES.get(service));
            consumed(service).forEach(topic -> allowed.add(topic + TrustChecks.DLQ));
            KafkaClients clients = new KafkaClients("127.0.0.1:" + saslPort, service, Optional.of(service + "-acl-test"),
                    Optional.of("SASL_PLAINTEXT"), Optional.of("SCRAM-SHA-512"),
                    Optional.of(SecuredKafka.jaas(service, PASSWORD_OF + service)));
            try {
                for (String topic : topics()) {
                    boolean written = write(clients, topic);
                    if (written != allowed.contains(topic)) {
                        problems.add(service + (written ? " could write " : " could not write ") + topic);
                    }
                }
            } finally {
                clients.producer().close();
            }
        }
        assertThat(problems).as("writes the ACLs allowed or refused wrongly").isEmpty();
    }

    @Test
    void aServiceThatDoesNotSignInWritesNothing() {
        KafkaClients anonymous = new KafkaClients("127.0.0.1:" + saslPort, "stranger", Optional.empty(),
                Optional.of("SASL_PLAINTEXT"), Optional.of("SCRAM-SHA-512"),
                Optional.of("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"catalog\" password=\"wrong\";"));
        try {
            assertThat(write(anonymous, "catalog.events")).isFalse();
        } finally {
            anonymous.producer().close();
        }
    }

    /** True when the broker took the record; false when it refused it (not authorised, not authenticated). */
    private static boolean write(KafkaClients clients, String topic) {
        try {
            clients.producer().send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.ClusterAuthorizationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TransactionalIdAuthorizationException) {
                return false;
            }
            throw new AssertionError("Writing " + topic + " failed for another reason: " + e.getCause(), e);
        } catch (org.apache.kafka.common.errors.AuthenticationException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError("Writing " + topic + " did not finish: " + e, e);
        }
    }

    private static List<String> topics() {
        Set<String> all = new TreeSet<>();
        TrustChecks.PRODUCES.values().forEach(all::addAll);
        new ArrayList<>(all).forEach(t -> all.add(t + TrustChecks.DLQ));
        return List.copyOf(all);
    }

    private static List<String> consumed(String service) {
        return Deployable.all().stream().filter(d -> d.name().equals(service)).findFirst().orElseThrow().consumedTopics();
    }

    private static Map<String, List<TrustChecks.Acl>> kafkaUsers() {
        return Manifests.toModels(Kustomize.build(Repo.path("knative/base")), "knative/base").stream()
                .filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(r -> "KafkaUser".equals(r.getKind()) && TrustChecks.PRODUCES.containsKey(r.getMetadata().getName()))
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), TrustChecks::acls));
    }
}
