package dev.mosaic.platform.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's Kafka connections, configured once: an idempotent producer with {@code acks=all}
 * (no event committed to the outbox is lost or duplicated by a producer retry), consumer settings, and an admin
 * client for readiness. Calls to a broker that is down fail within seconds instead of blocking for a minute.
 */
@ApplicationScoped
public class KafkaClients {

    private final String bootstrap;
    private final String serviceName;
    private final String instanceId;
    private volatile Producer<String, byte[]> producer;
    private volatile Admin admin;
    private final BrokerContact contact;

    private final Properties security = new Properties();

    /**
     * @param securityProtocol {@code mosaic.kafka.security-protocol}: {@code PLAINTEXT} (the local broker) unless set;
     *                         {@code SASL_PLAINTEXT} or {@code SASL_SSL} where the broker authenticates each service
     *                         (its ACLs let a service write only the topics it owns)
     * @param saslMechanism    {@code mosaic.kafka.sasl-mechanism}, e.g. {@code SCRAM-SHA-512}
     * @param saslJaasConfig   {@code mosaic.kafka.sasl-jaas-config}: the service's credentials (a secret: never logged)
     */
    @Inject
    public KafkaClients(@ConfigProperty(name = "mosaic.kafka.bootstrap", defaultValue = "127.0.0.1:9092") String bootstrap,
                        @ConfigProperty(name = "mosaic.service.name") String serviceName,
                        @ConfigProperty(name = "mosaic.events.instance-id") Optional<String> instanceId,
                        @ConfigProperty(name = "mosaic.kafka.security-protocol") Optional<String> securityProtocol,
                        @ConfigProperty(name = "mosaic.kafka.sasl-mechanism") Optional<String> saslMechanism,
                        @ConfigProperty(name = "mosaic.kafka.sasl-jaas-config") Optional<String> saslJaasConfig) {
        this.bootstrap = bootstrap;
        this.contact = new BrokerContact(bootstrap);
        this.serviceName = serviceName;
        this.instanceId = instanceId.orElseGet(() -> serviceName + "-" + hostName());
        securityProtocol.map(String::strip).filter(v -> !v.isEmpty())
                .ifPresent(v -> security.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, v));
        saslMechanism.map(String::strip).filter(v -> !v.isEmpty()).ifPresent(v -> security.put(SaslConfigs.SASL_MECHANISM, v));
        saslJaasConfig.map(String::strip).filter(v -> !v.isEmpty()).ifPresent(v -> security.put(SaslConfigs.SASL_JAAS_CONFIG, v));
        String protocol = security.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        if (protocol.startsWith("SASL") && !security.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            throw new IllegalStateException("mosaic.kafka.security-protocol is " + protocol + " but mosaic.kafka.sasl-jaas-config "
                    + "(the service's Kafka credentials, MOSAIC_KAFKA_SASL_JAAS_CONFIG) is not set");
        }
    }

    /** The authentication settings every client of this service uses (empty against an open local broker). */
    Properties withSecurity(Properties props) {
        props.putAll(security);
        return props;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /**
     * Waits until the broker has first accepted a connection ({@link BrokerContact}): what the consumer loop and the
     * outbox relay do before their first Kafka call, so that a service started before its broker logs one line
     * about it instead of a warning per refused connection. False when {@code pause} says the caller is stopping.
     */
    boolean awaitBroker(BrokerContact.Pause pause) throws InterruptedException {
        return contact.await(pause);
    }

    public String serviceName() {
        return serviceName;
    }

    public Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerProperties());
                }
                p = producer;
            }
        }
        return p;
    }

    public Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties props = new Properties();
                    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    props.put(AdminClientConfig.CLIENT_ID_CONFIG, serviceName + "-admin");
                    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                    admin = Admin.create(withSecurity(props));
                }
                a = admin;
            }
        }
        return a;
    }

    Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        return withSecurity(props);
    }

    /** Settings of a consumer in this service's group; offsets are committed by the runner, never automatically. */
    public Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, serviceName);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, serviceName + "-consumer");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Static membership: a restarted instance (same host, same service) takes its partitions back at once
        // instead of waiting for the dead member's session to expire; a crashed one is noticed within 10 s.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return withSecurity(props);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
