package dev.mosaic.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.devstack.Health;
import dev.mosaic.devstack.ProcessControl;
import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.Stack;
import dev.mosaic.platform.dev.DevIssuer;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev overlay run as the cluster would run it, on this machine: rendered by {@code kubectl kustomize}, each
 * Knative Service's real jar started with exactly the environment its manifest gives it (ConfigMaps, env, the
 * Secrets it names, {@code PORT}) on a pod address of its own (127.0.14.x), its memory limit as the JVM's RAM, its
 * volumes as directories (the projected ServiceAccount tokens written as the kubelet would), the cluster's DNS names
 * mapped by a hosts file per pod ({@code -Djdk.net.hosts.file}): each cluster-local Service name leads to an ingress
 * of its own that routes by Host as Knative's does, and the Kafka bootstrap name to a broker with the KafkaUsers'
 * SCRAM credentials and ACLs. Probes go to the pod address, as the kubelet's do; each KafkaSource's records are
 * pushed to its sink as Knative Eventing would, with an OIDC token of the source. Then an order is placed through the
 * gateway and must be confirmed.
 * <p>
 * What is not the cluster: the database Secrets point at H2 files (their content is never in the manifests), the
 * issuers are the run's development issuer (the one thing a deployment patches, tests/deploy/manifest-run), and
 * there is one Kafka broker. PingSources and NetworkPolicies are not run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestRunIT {

    private static final String NAMESPACE = "mosaic";
    private static final String NET = "127.0.14.";
    private static final String IDP = NET + "2";
    private static final String KAFKA = NET + "3";
    private static final Duration READY = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path home;
    private static List<HasMetadata> manifests;
    private static DevIssuer issuer;
    private static HttpServer identityProvider;
    private static SecuredKafka kafka;
    private static ProcessControl processes;
    private static final Map<String, Long> pids = new LinkedHashMap<>();
    private static final Map<String, Integer> podIndex = new LinkedHashMap<>();
    private static final Map<String, ClusterLocalIngress> ingresses = new LinkedHashMap<>();
    private static final List<KafkaSourceDispatcher> dispatchers = new ArrayList<>();
    private static final Map<String, Map<String, String>> secrets = new TreeMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void runTheDevOverlay() throws Exception {
        // Under target/, so the pods' logs stay for a look after a failure and mvn clean removes them.
        home = Repo.path("tests/deploy/target/manifest-run");
        // Pods of an earlier run that was killed before it could stop them (they run in sessions of their own):
        // this run's, by the home marker on their command line, and nothing else.
        ProcessControl leftovers = new ProcessControl(home);
        leftovers.findAll().forEach((name, pid) -> leftovers.stop(name, pid, Duration.ofSeconds(10)));
        deleteRecursively(home);
        Files.createDirectories(home);
        manifests = Manifests.toModels(render(Repo.path("tests/deploy/manifest-run")), "kubectl kustomize tests/deploy/manifest-run");
        issuer = DevIssuer.loadOrCreate(home.resolve("auth"));
        identityProvider = HttpServer.create(new InetSocketAddress(IDP, 8080), 0);
        byte[] jwks = issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
        identityProvider.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        identityProvider.start();

        List<Service> services = all(Service.class);
        for (int i = 0; i < services.size(); i++) {
            podIndex.put(services.get(i).getMetadata().getName(), i);
        }
        startKafka();
        for (Service service : services) {
            String name = service.getMetadata().getName();
            Container c = CrossChecks.container(service);
            ingresses.put(name, new ClusterLocalIngress(name, NAMESPACE, InetAddress.getByName(ingress(name)),
                    new InetSocketAddress(pod(name), c.getPorts().getFirst().getContainerPort())));
        }
        processes = new ProcessControl(home);
        for (Service service : services) {
            start(service, service.getMetadata().getName(), environment(service));
        }
        for (Service service : services) {
            awaitProbes(service, service.getMetadata().getName());
        }
        startDispatchers();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (KafkaSourceDispatcher d : dispatchers) {
            d.close();
        }
        List<String> names = new ArrayList<>(pids.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            processes.stop(name, pids.get(name), Duration.ofSeconds(15));
        }
        for (ClusterLocalIngress ingress : ingresses.values()) {
            ingress.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (identityProvider != null) {
            identityProvider.stop(0);
        }
    }

    @Test
    @Order(1)
    void anOrderPlacedThroughTheGatewayIsConfirmed() throws Exception {
        String token = issuer.issue("manifest-run-customer", false, Duration.ofHours(1));
        URI gateway = URI.create("http://" + pod("gateway") + ":" + port("gateway"));
        String id = placeAndAwaitConfirmed(gateway, token, "manifest-run-1");

        JsonNode details = JSON.readTree(get(gateway.resolve("/api/orders/" + id + "/details"), token).body());
        assertThat(details.path("degraded")).as("parts of order details the gateway could not fetch: %s", details).isEmpty();
        assertThat(refused()).as("hosts a service asked the cluster-local ingresses for in vain").isEmpty();

        // The storefront learns where customers sign in (ConfigMap mosaic-sign-in), and may call that token endpoint.
        JsonNode signIn = JSON.readTree(get(gateway.resolve("/auth/oidc"), null).body());
        assertThat(signIn.path("clientId").asText()).isEqualTo("mosaic-storefront");
        assertThat(signIn.path("tokenEndpoint").asText()).isEqualTo("http://" + IDP + ":8080/token");
        assertThat(get(gateway.resolve("/"), null).headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("connect-src 'self' http://" + IDP + ":8080;");
    }

    @Test
    @Order(2)
    void everyPodStaysWithinItsMemoryLimitAndTheReservationWentOverGrpc() throws Exception {
        for (Service service : all(Service.class)) {
            String name = service.getMetadata().getName();
            long limit = Quantity.getAmountInBytes(CrossChecks.container(service).getResources().getLimits().get("memory")).longValue();
            long rss = residentBytes(pids.get(name));
            assertThat(rss).as("%s resident memory vs its limit %d MiB", name, limit >> 20).isLessThan(limit);
        }
        // The order above reserved over gRPC through inventory's ingress (h2c): a target orders cannot dial (host:-1)
        // never reaches inventory, and the reservation would only go through the outbox. orders dials inventory when it
        // starts, so that first call finds the channel open. Only when inventory's pod did not serve yet at that moment
        // (orders' log says so) does the first call open the channel itself, which on a busy machine can take longer
        // than the call's 500 ms deadline: then up to three more orders get their chance.
        if (Files.readString(processes.logFile("orders")).contains("could not be reached when orders started")) {
            String token = issuer.issue("manifest-run-customer", false, Duration.ofHours(1));
            URI gateway = URI.create("http://" + pod("gateway") + ":" + port("gateway"));
            for (int more = 1; more <= 3 && !Files.readString(processes.logFile("inventory")).contains("gRPC answer for order");
                 more++) {
                placeAndAwaitConfirmed(gateway, token, "manifest-run-grpc-" + more);
            }
        }
        assertThat(Files.readString(processes.logFile("inventory")))
                .as("inventory answered a gRPC reservation (its log, %s)", processes.logFile("inventory"))
                .contains("gRPC answer for order");
    }

    @Test
    @Order(3)
    void aGatewayGivenABareServiceNameGetsTheIngressNotFoundAsInTheCluster() throws Exception {
        Service gateway = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals("gateway")).findFirst().orElseThrow();
        Map<String, String> env = environment(gateway);
        env.put("MOSAIC_UPSTREAM_CATALOG", "http://catalog");
        podIndex.put("gateway-bare", podIndex.size());
        start(gateway, "gateway-bare", env);
        awaitProbes(gateway, "gateway-bare");
        HttpResponse<String> products = get(URI.create("http://" + pod("gateway-bare") + ":" + port("gateway") + "/api/products"), null);
        assertThat(products.statusCode()).as("GET /api/products with catalog at http://catalog: %s", products.body()).isNotEqualTo(200);
        assertThat(ingresses.get("catalog").refused()).contains("catalog");
    }

    @Test
    @Order(4)
    void anEventItsConsumerRefusesComesBackFromTheDlqToThatConsumersDeadLettersOnTheOperationsPage() throws Exception {
        // orders (as its KafkaUser, the owner of orders.events) publishes an order.placed that notifications cannot
        // read: notifications answers 400, Knative writes it to orders.events.dlq, and the source of that topic's dead
        // letters pushes it back to notifications, which keeps it. inventory reads the same .dlq and leaves it alone.
        String subject = "manifest-run-poison-" + Long.toHexString(System.nanoTime());
        Properties producer = new Properties();
        producer.putAll(KafkaSourceDispatcher.saslClient(KAFKA + ":9093", secrets.get("kafka-orders").get("sasl.jaas.config")));
        try (var kafkaProducer = new org.apache.kafka.clients.producer.KafkaProducer<>(producer,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            var poison = new org.apache.kafka.clients.producer.ProducerRecord<>("orders.events", subject, "{\"orderId\":42}");
            Map.of("ce_specversion", "1.0", "ce_id", subject, "ce_source", "/orders", "ce_type", "dev.mosaic.order.placed.v1",
                    "ce_subject", subject, "content-type", "application/json")
                    .forEach((k, v) -> poison.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            kafkaProducer.send(poison).get(30, TimeUnit.SECONDS);
        }
        String admin = issuer.issue("manifest-run-admin", true, Duration.ofHours(1));
        URI status = URI.create("http://" + pod("gateway") + ":" + port("gateway") + "/ops/api/status");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode services = null;
        JsonNode letter = null;
        while (letter == null && System.nanoTime() < deadline) {
            services = JSON.readTree(get(status, admin).body()).path("services");
            letter = letters(services, "notifications").stream().filter(l -> subject.equals(l.path("subject").asText()))
                    .findFirst().orElse(null);
            if (letter == null) {
                TimeUnit.MILLISECONDS.sleep(250); // poll interval; the deadline above bounds the wait
            }
        }
        assertThat(letter).as("notifications' dead letters on the operations page (%s); pushed events that did not get a "
                + "2xx: %s; logs in %s", services, failures(), home.resolve("logs")).isNotNull();
        assertThat(letter.path("topic").asText()).isEqualTo("orders.events");
        assertThat(letter.path("error").asText()).contains("notifications.mosaic.svc.cluster.local", "HTTP 400");
        assertThat(letters(services, "inventory")).noneMatch(l -> subject.equals(l.path("subject").asText()));
    }

    /** Places a one-line order through the gateway and waits until it is CONFIRMED; its id. */
    private static String placeAndAwaitConfirmed(URI gateway, String token, String idempotencyKey) throws Exception {
        // The first order of a fresh deployment meets cold JVMs on the whole path (orders answers the gateway late): a
        // client sends it again with the same Idempotency-Key, as the storefront does, and gets the same order.
        HttpResponse<String> placed = null;
        long placeBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (placed == null || placed.statusCode() == 503 && System.nanoTime() < placeBy) {
            placed = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/api/orders"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"lines\":[{\"sku\":\"COF-BRA-1K\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(placed.statusCode()).as("POST /api/orders through the gateway: %s", placed.body()).isEqualTo(202);
        String id = JSON.readTree(placed.body()).path("id").asText();

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode order = null;
        while (System.nanoTime() < deadline) {
            order = JSON.readTree(get(gateway.resolve("/api/orders/" + id), token).body());
            if (List.of("CONFIRMED", "CANCELLED").contains(order.path("status").asText())) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(250); // poll interval; the deadline above bounds the wait
        }
        assertThat(order.path("status").asText())
                .as("order %s (%s); pushed events that did not get a 2xx: %s; hosts the ingresses refused: %s; logs in %s",
                        id, order, failures(), refused(), home.resolve("logs"))
                .isEqualTo("CONFIRMED");
        return id;
    }

    private static List<JsonNode> letters(JsonNode services, String service) {
        List<JsonNode> letters = new ArrayList<>();
        for (JsonNode s : services) {
            if (service.equals(s.path("name").asText())) {
                s.path("deadLetters").path("recent").forEach(letters::add);
            }
        }
        return letters;
    }

    // ---- the cluster, as far as these services can tell

    private static List<ObjectNode> render(Path overlay) throws IOException, InterruptedException {
        Path out = home.resolve("rendered.yaml");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            kubectl.destroyForcibly();
            throw new IllegalStateException("kubectl kustomize " + overlay + " failed; run it by hand to see why");
        }
        return Manifests.readTrees(out);
    }

    private static <T> List<T> all(Class<T> type) {
        return manifests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String pod(String name) {
        return NET + (10 + podIndex.get(name));
    }

    private static String ingress(String name) {
        return NET + (100 + podIndex.get(name));
    }

    private static int port(String name) {
        return all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .map(s -> CrossChecks.container(s).getPorts().getFirst().getContainerPort()).orElseThrow();
    }

    private static String hostName(String service) {
        return service + "." + NAMESPACE + ".svc.cluster.local";
    }

    /** One broker behind the bootstrap name the manifests use, with every KafkaUser and topic they declare. */
    private static void startKafka() throws Exception {
        String bootstrap = all(KafkaSource.class).getFirst().getSpec().getBootstrapServers().getFirst();
        Map<String, Integer> topics = new TreeMap<>();
        Map<String, Map.Entry<String, List<TrustChecks.Acl>>> users = new LinkedHashMap<>();
        String knativePassword = "knative-" + Long.toHexString(System.nanoTime());
        secrets.put("knative-kafka-auth", Map.of("protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "user", "knative-eventing", "password", knativePassword));
        for (GenericKubernetesResource r : all(GenericKubernetesResource.class)) {
            Map<?, ?> spec = (Map<?, ?>) r.getAdditionalProperties().get("spec");
            if ("KafkaTopic".equals(r.getKind())) {
                topics.put(String.valueOf(spec.get("topicName")), ((Number) spec.get("partitions")).intValue());
            } else if ("KafkaUser".equals(r.getKind())) {
                String user = r.getMetadata().getName();
                String password = user.equals("knative-eventing") ? knativePassword : "pw-" + user + "-" + Long.toHexString(System.nanoTime());
                users.put(user, Map.entry(password, TrustChecks.acls(r)));
                // What Strimzi's User Operator writes (secretPrefix kafka-).
                secrets.put("kafka-" + user, Map.of("password", password, "sasl.jaas.config", SecuredKafka.jaas(user, password)));
            }
        }
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        kafka = SecuredKafka.start(home.resolve("kafka"), KAFKA, 9094, 9095, List.of(
                new SecuredKafka.Listener("CLUSTER", KAFKA + ":" + port, bootstrap),
                new SecuredKafka.Listener("EVENTING", KAFKA + ":9093", KAFKA + ":9093")), topics, users);
    }

    /** Exactly what the container gets: its ConfigMaps, its env (Secrets resolved), and Knative's PORT. */
    private static Map<String, String> environment(Service service) throws IOException {
        String name = service.getMetadata().getName();
        Container c = CrossChecks.container(service);
        Map<String, String> env = new TreeMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            String map = from.getConfigMapRef().getName();
            ConfigMap cm = all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(map)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " takes envFrom ConfigMap " + map + ", which the render lacks"));
            env.putAll(cm.getData());
        }
        for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (var.getValueFrom() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                String value = secret(name, ref.getName()).get(ref.getKey());
                if (value == null) {
                    throw new IllegalStateException(name + " reads key " + ref.getKey() + " of Secret " + ref.getName()
                            + ", which knative/README.md does not say to create");
                }
                env.put(var.getName(), value);
            } else {
                env.put(var.getName(), var.getValue());
            }
        }
        env.put("PORT", String.valueOf(c.getPorts().getFirst().getContainerPort()));
        env.put("K_SERVICE", name);
        return env;
    }

    /** A Secret created outside git: the database ones as knative/README.md says, on an H2 file here. */
    private static Map<String, String> secret(String service, String secret) {
        return secrets.computeIfAbsent(secret, s -> {
            if (!s.endsWith("-db")) {
                throw new IllegalStateException(service + " reads Secret " + s + ", which neither Strimzi nor the README makes");
            }
            Path db = home.resolve("databases").resolve(s);
            return Map.of("url", "jdbc:h2:file:" + db + ";AUTO_SERVER=FALSE", "username", "sa", "password", "sa");
        });
    }

    /** Starts the container's jar as its pod: own address, volumes as directories, memory limit as RAM, own hosts file. */
    private static void start(Service service, String podName, Map<String, String> manifestEnv) throws IOException {
        String name = service.getMetadata().getName();
        Container c = CrossChecks.container(service);
        Path podDir = home.resolve("pods").resolve(podName);
        Map<String, String> env = new TreeMap<>(manifestEnv);
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : Optional.ofNullable(c.getVolumeMounts()).orElse(List.<VolumeMount>of())) {
            Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(mount.getName()));
            mounts.put(mount.getMountPath(), dir);
            Volume volume = service.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            if (volume.getProjected() != null) {
                String account = service.getSpec().getTemplate().getSpec().getServiceAccountName();
                for (var source : volume.getProjected().getSources()) {
                    var sat = source.getServiceAccountToken();
                    Files.writeString(dir.resolve(sat.getPath()), issuer.issueWorkload(account, sat.getAudience(), Duration.ofHours(1)));
                }
            }
        }
        // A path under a mount is that volume's directory here.
        env.replaceAll((k, v) -> mounts.entrySet().stream().filter(m -> v.equals(m.getKey()) || v.startsWith(m.getKey() + "/"))
                .findFirst().map(m -> m.getValue() + v.substring(m.getKey().length())).orElse(v));
        Path hosts = podDir.resolve("hosts");
        Files.writeString(hosts, hostsFile(podName));
        Spec spec = Spec.of(name);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ProcessControl.processMarker(podName), ProcessControl.homeMarker(home),
                "-Djdk.net.hosts.file=" + hosts,
                // The container's memory limit is all the RAM the JVM sees (its cgroup): MaxRAMPercentage applies to it.
                "-XX:MaxRAM=" + Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue()));
        if ("0.0.0.0".equals(env.get("SERVER_HOST"))) {
            // All addresses of the pod's own network namespace: here, its pod address.
            command.add("-Dserver.host=" + pod(podName));
        }
        command.addAll(List.of("-jar", spec.jar().toString()));
        Process process = processes.start(podName, command, podDir, port(name), env);
        pids.put(podName, process.pid());
    }

    /** The jar of a module, where ./mosaic finds it (built by the reactor before this module). */
    private record Spec(Path jar) {
        static Spec of(String name) {
            Stack stack = new Stack(Repo.ROOT, Map.of(), "", ServiceSpec.ALL);
            Path jar = stack.spec(name).flatMap(stack::artifact).orElseThrow();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it (./mvnw -B package -pl " + Repo.ROOT.relativize(
                        jar.getParent().getParent()) + " -am)");
            }
            return new Spec(jar);
        }
    }

    /** What the pod's DNS answers: every Service name (bare ones too, by the search path) leads to its ingress. */
    private static String hostsFile(String podName) throws IOException {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        hosts.append(pod(podName)).append(' ').append(InetAddress.getLocalHost().getHostName()).append('\n');
        for (String service : ingresses.keySet()) {
            String ns = service + "." + NAMESPACE;
            hosts.append(ingress(service)).append(' ').append(String.join(" ", service, ns, ns + ".svc", hostName(service))).append('\n');
        }
        String bootstrap = all(KafkaSource.class).getFirst().getSpec().getBootstrapServers().getFirst();
        hosts.append(KAFKA).append(' ').append(bootstrap.substring(0, bootstrap.lastIndexOf(':'))).append('\n');
        return hosts.toString();
    }

    /** The kubelet's startup probe, then the readiness probe, at the pod address. */
    private static void awaitProbes(Service service, String podName) throws Exception {
        Container c = CrossChecks.container(service);
        for (var probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
            Health.await(podName, () -> Health.http(pod(podName), port(service.getMetadata().getName()), probe.getHttpGet().getPath()),
                    () -> ProcessHandle.of(pids.get(podName)).map(ProcessHandle::isAlive).orElse(false), READY);
        }
    }

    private static void startDispatchers() {
        String jaas = secrets.get("kafka-knative-eventing").get("sasl.jaas.config");
        Properties client = new Properties();
        client.putAll(KafkaSourceDispatcher.saslClient(KAFKA + ":9093", jaas));
        for (KafkaSource source : all(KafkaSource.class)) {
            String sink = source.getSpec().getSink().getRef().getName();
            String subject = TrustChecks.oidcSubject(NAMESPACE, "sources.knative.dev", "KafkaSource", source.getMetadata().getName());
            String account = subject.substring(subject.lastIndexOf(':') + 1);
            var deadLetterSink = source.getSpec().getDelivery().getDeadLetterSink();
            String deadLetters = deadLetterSink == null ? null : all(KafkaSink.class).stream()
                    .filter(s -> s.getMetadata().getName().equals(deadLetterSink.getRef().getName()))
                    .findFirst().orElseThrow().getSpec().getTopic();
            dispatchers.add(new KafkaSourceDispatcher(source, hostName(sink), URI.create("http://" + ingress(sink)),
                    issuer.issueWorkload(account, source.getSpec().getSink().getAudience(), Duration.ofHours(1)), client,
                    deadLetters, HTTP));
        }
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<KafkaSourceDispatcher.Failure> failures() {
        return dispatchers.stream().flatMap(d -> d.failures().stream()).toList();
    }

    private static Map<String, List<String>> refused() {
        return ingresses.entrySet().stream().filter(e -> !e.getValue().refused().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().refused()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private static long residentBytes(long pid) throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
        if (!m.find()) {
            throw new IllegalStateException("No VmRSS for pid " + pid + ": is it still running?");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }
}
