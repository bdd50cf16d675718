package dev.mosaic.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.fabric8.knative.sources.v1beta1.KafkaSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What Knative Eventing's KafkaSource dispatcher does for one rendered KafkaSource: reads its topics in its consumer
 * group as the Kafka user of its Secret, and POSTs each record, one at a time (ordering: ordered), as a binary-mode
 * CloudEvent to its sink's cluster-local address with an OIDC token of the source's own ServiceAccount for
 * {@code sink.audience}; a 5xx (or no answer) is retried as {@code delivery} says, anything else that is not a 2xx,
 * or retries run out, goes to the dead-letter topic with Knative's error extensions (or, for a source without a
 * dead-letter sink, is dropped).
 */
final class KafkaSourceDispatcher implements AutoCloseable {

    /** One delivery that did not end in a 2xx: what the test shows when the order does not get through. */
    record Failure(String source, String topic, String eventType, String outcome) {
    }

    private final KafkaSource source;
    private final String sinkHost;
    private final URI sinkAddress;
    private final String token;
    private final Properties kafka;
    private final String deadLetterTopic;
    private final HttpClient http;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * @param sinkHost        the sink's cluster-local name ({@code <name>.<namespace>.svc.cluster.local}), sent as Host
     * @param sinkAddress     where that name leads (its ingress)
     * @param token           the source's OIDC token for the sink's audience
     * @param kafka           bootstrap and SASL settings of the source's Kafka user
     * @param deadLetterTopic topic of the source's dead-letter KafkaSink, or null for a source without one
     */
    KafkaSourceDispatcher(KafkaSource source, String sinkHost, URI sinkAddress, String token, Properties kafka,
                          String deadLetterTopic, HttpClient http) {
        this.source = source;
        this.sinkHost = sinkHost;
        this.sinkAddress = sinkAddress;
        this.token = token;
        this.kafka = kafka;
        this.deadLetterTopic = deadLetterTopic;
        this.http = http;
        this.thread = Thread.ofPlatform().name("kafkasource-" + source.getMetadata().getName()).start(this::run);
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    int delivered() {
        return delivered.get();
    }

    private void run() {
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, source.getSpec().getConsumerGroup());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, source.getSpec().getInitialOffset());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(source.getSpec().getTopics());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Refusal refusal = deliver(record);
                    if (refusal != null && deadLetterTopic != null) {
                        deadLetters.send(deadLetter(record, refusal));
                    }
                }
                consumer.commitSync();
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // closing
        }
    }

    /** The last answer of a delivery given up on: its status (0: none) and body. */
    private record Refusal(int status, String body) {
    }

    /**
     * The record as Knative's dispatcher writes it to the dead-letter sink: the event unchanged, plus the extensions
     * knativeerrordest (the sink's address), knativeerrorcode (the last status) and knativeerrordata (the last answer's
     * body, base64-encoded, at most 1024 bytes of it).
     */
    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, Refusal refusal) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), record.headers());
        java.util.function.BiConsumer<String, String> put = (name, value) -> {
            out.headers().remove("ce_" + name);
            out.headers().add("ce_" + name, value.getBytes(StandardCharsets.UTF_8));
        };
        put.accept("knativeerrordest", "http://" + sinkHost + source.getSpec().getSink().getUri());
        if (refusal.status() > 0) {
            put.accept("knativeerrorcode", String.valueOf(refusal.status()));
        }
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            put.accept("knativeerrordata", Base64.getEncoder().encodeToString(Arrays.copyOf(body, Math.min(body.length, 1024))));
        }
        return out;
    }

    /** Null once the sink took the event; else the last answer, and the event must be dead-lettered. */
    private Refusal deliver(ConsumerRecord<byte[], byte[]> record) {
        var delivery = source.getSpec().getDelivery();
        int retries = delivery.getRetry();
        Duration delay = Duration.parse(delivery.getBackoffDelay());
        Function<String, String> header = name -> {
            Header h = record.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(sinkAddress.resolve(source.getSpec().getSink().getUri()))
                .timeout(Duration.parse(delivery.getTimeout()))
                .header("Host", sinkHost)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(record.value() == null ? new byte[0] : record.value()));
        for (Header h : record.headers()) {
            if (h.key().startsWith("ce_")) {
                request.header("ce-" + h.key().substring(3), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        if (header.apply("content-type") != null) {
            request.header("Content-Type", header.apply("content-type"));
        }
        String outcome = "";
        Refusal refusal = new Refusal(0, "");
        for (int attempt = 0; attempt <= retries && running; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return null;
                }
                outcome = response.statusCode() + " " + response.body();
                refusal = new Refusal(response.statusCode(), response.body());
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    break;
                }
            } catch (IOException e) {
                outcome = "no answer: " + e;
                refusal = new Refusal(0, "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refusal;
            }
            failures.add(new Failure(source.getMetadata().getName(), record.topic(), header.apply("ce_type"), outcome));
            pause(delay.multipliedBy("exponential".equals(delivery.getBackoffPolicy()) ? 1L << Math.min(attempt, 20) : attempt + 1L));
        }
        failures.add(new Failure(source.getMetadata().getName(), record.topic(), header.apply("ce_type"),
                (deadLetterTopic == null ? "dropped (no dead-letter sink): " : "dead-lettered: ") + outcome));
        return refusal;
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10));
    }

    static Map<String, String> saslClient(String bootstrap, String jaas) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", jaas);
    }
}
