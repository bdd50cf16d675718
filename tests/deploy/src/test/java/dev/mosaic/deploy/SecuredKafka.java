package dev.mosaic.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mosaic.platform.dev.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A real broker that authenticates (SCRAM-SHA-512) and authorises (Kafka's StandardAuthorizer, as Strimzi's
 * {@code authorization: simple}) the KafkaUsers of knative/, with their ACLs. A PLAINTEXT listener stays for the
 * set-up, as the super user; everyone else signs in on a SASL_PLAINTEXT listener.
 */
final class SecuredKafka implements AutoCloseable {

    /** One SASL_PLAINTEXT listener: where it binds and the address it gives clients in metadata. */
    record Listener(String name, String bind, String advertised) {
    }

    private final KafkaBroker broker;

    private SecuredKafka(KafkaBroker broker) {
        this.broker = broker;
    }

    /**
     * @param host      the address every listener binds
     * @param listeners the SASL listeners (besides PLAINTEXT for the set-up on {@code plainPort})
     * @param topics    topic name to partition count
     * @param users     user name to password and ACLs
     */
    static SecuredKafka start(Path data, String host, int plainPort, int controllerPort, List<Listener> listeners,
                              Map<String, Integer> topics, Map<String, Map.Entry<String, List<TrustChecks.Acl>>> users)
            throws Exception {
        StringBuilder bind = new StringBuilder("PLAINTEXT://" + host + ":" + plainPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + host + ":" + plainPort);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Listener l : listeners) {
            bind.append(',').append(l.name()).append("://").append(l.bind());
            advertised.append(',').append(l.name()).append("://").append(l.advertised());
            protocols.append(',').append(l.name()).append(":SASL_PLAINTEXT");
            overrides.put("listener.name." + l.name().toLowerCase(java.util.Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        bind.append(",CONTROLLER://").append(host).append(':').append(controllerPort);
        overrides.putAll(Map.of(
                "listeners", bind.toString(),
                "controller.quorum.voters", "1@" + host + ":" + controllerPort,
                "advertised.listeners", advertised.toString(),
                "listener.security.protocol.map", protocols.toString(),
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false",
                "auto.create.topics.enable", "false"));
        KafkaBroker broker = KafkaBroker.start(data, plainPort, controllerPort, overrides);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + plainPort))) {
            admin.createTopics(topics.entrySet().stream().map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
            List<AclBinding> bindings = new ArrayList<>();
            users.forEach((user, passwordAndAcls) -> {
                credentials.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwordAndAcls.getKey()));
                bindings.addAll(bindings(user, passwordAndAcls.getValue()));
            });
            admin.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return new SecuredKafka(broker);
    }

    private static List<AclBinding> bindings(String user, Collection<TrustChecks.Acl> rules) {
        List<AclBinding> bindings = new ArrayList<>();
        for (TrustChecks.Acl rule : rules) {
            for (String operation : rule.operations()) {
                bindings.add(new AclBinding(
                        new ResourcePattern(ResourceType.fromString(rule.type()), rule.name(),
                                "prefix".equals(rule.pattern()) ? PatternType.PREFIXED : PatternType.LITERAL),
                        new AccessControlEntry("User:" + user, "*", AclOperation.fromString(operation), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** The JAAS line a client signs in with ({@code sasl.jaas.config}), as Strimzi writes it into kafka-<user>. */
    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        broker.close();
    }
}
