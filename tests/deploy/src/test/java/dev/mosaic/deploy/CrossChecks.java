package dev.mosaic.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The manifests checked against the code they deploy. Each check returns what is wrong, one sentence per problem
 * naming the manifest and what to change; an empty list means the check passed.
 */
final class CrossChecks {

    private static final Pattern TOPIC_LITERAL = Pattern.compile("\"([a-z]+\\.(?:events|commands))\"");
    private static final String DLQ = ".dlq";

    /** Senders of pushed events, one variable per consumed topic (mosaic.events.push.senders.<topic>). */
    static final String PUSH_SENDERS = "MOSAIC_EVENTS_PUSH_SENDERS_";

    private final List<HasMetadata> manifests;
    private final Map<String, Deployable> code = new LinkedHashMap<>();
    private final Set<String> awaitingCode;

    /**
     * @param awaitingCode variables the manifests may set before the code reads them: those knative/README.md
     *                     hands to the services under "Settings the services must read" (a name pattern such as
     *                     {@code MOSAIC_EVENTS_PUSH_SENDERS_<TOPIC>} stands for its family)
     */
    CrossChecks(List<HasMetadata> manifests, List<Deployable> deployables, Set<String> awaitingCode) {
        this.manifests = manifests;
        this.awaitingCode = awaitingCode;
        deployables.forEach(d -> code.put(d.name(), d));
    }

    CrossChecks(List<HasMetadata> manifests, List<Deployable> deployables) {
        this(manifests, deployables, Set.of());
    }

    static final String AWAITING_CODE_HEADING = "## Settings the services must read";
    private static final Pattern ENV_NAME = Pattern.compile("`(MOSAIC_[A-Z0-9_]+(?:<TOPIC>)?)`");

    /** The variables knative/README.md hands to the services under {@link #AWAITING_CODE_HEADING}. */
    static Set<String> awaitingCode(String readme) {
        int at = readme.indexOf(AWAITING_CODE_HEADING);
        if (at < 0) {
            return Set.of();
        }
        String section = readme.substring(at + AWAITING_CODE_HEADING.length());
        int next = section.indexOf("\n## ");
        section = next < 0 ? section : section.substring(0, next);
        Set<String> names = new TreeSet<>();
        ENV_NAME.matcher(section).results().forEach(m -> names.add(m.group(1)));
        return names;
    }

    Map<String, Deployable> code() {
        return code;
    }

    <T> List<T> all(Class<T> type) {
        return manifests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Optional<Service> knativeService(String name) {
        return all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
    }

    /** Name to value (null for a value from a Secret) of every variable the service's container gets. */
    Map<String, String> environment(Service service) {
        Container c = container(service);
        return c == null ? Map.of() : environment(c, new ArrayList<>(), service.getMetadata().getName());
    }

    static Container container(Service service) {
        List<Container> containers = service.getSpec().getTemplate().getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.getFirst();
    }

    /** A Knative Service of a module of this repository, with its container. */
    record Deployed(String name, Deployable module, Container container) {
    }

    /** The Knative Services that deploy a module of this repository and have a container. */
    List<Deployed> deployed() {
        List<Deployed> out = new ArrayList<>();
        for (Service service : all(Service.class)) {
            String name = service.getMetadata().getName();
            Container c = container(service);
            if (code.containsKey(name) && c != null) {
                out.add(new Deployed(name, code.get(name), c));
            }
        }
        return out;
    }

    /** One Knative Service per deployable module, running the image its pom names (image.name). */
    List<String> imagesMatchTheBuild() {
        List<String> problems = new ArrayList<>();
        for (Service service : all(Service.class)) {
            String name = service.getMetadata().getName();
            Deployable module = code.get(name);
            Container c = container(service);
            if (module == null) {
                problems.add("Knative Service '" + name + "' deploys no module of this repository (known: " + code.keySet() + ")");
            } else if (c == null || c.getImage() == null) {
                problems.add("Knative Service '" + name + "' has no container image");
            } else if (!c.getImage().replaceFirst("[:@].*$", "").equals(module.image())) {
                problems.add("Knative Service '" + name + "' runs image '" + c.getImage() + "' but " + module.module()
                        + "/pom.xml builds '" + module.image() + "' (property image.name)");
            }
        }
        for (String name : code.keySet()) {
            if (knativeService(name).isEmpty()) {
                problems.add("Module '" + name + "' has no Knative Service in the manifests");
            }
        }
        return problems;
    }

    /** Startup, readiness and liveness probes, each on an HTTP path the module serves. */
    List<String> probesHitServedPaths() {
        List<String> problems = new ArrayList<>();
        for (Deployed deployed : deployed()) {
            String name = deployed.name();
            Deployable module = deployed.module();
            Container c = deployed.container();
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("startupProbe", c.getStartupProbe());
            probes.put("readinessProbe", c.getReadinessProbe());
            probes.put("livenessProbe", c.getLivenessProbe());
            probes.forEach((kind, probe) -> {
                if (probe == null || probe.getHttpGet() == null || probe.getHttpGet().getPath() == null) {
                    problems.add("Knative Service '" + name + "' has no HTTP " + kind);
                    return;
                }
                String path = probe.getHttpGet().getPath();
                boolean served = module.httpPaths().contains(path)
                        || (module.mpHealth() && Deployable.HEALTH_PATHS.contains(path));
                if (!served) {
                    problems.add("Knative Service '" + name + "' " + kind + " hits " + path + ", which " + name
                            + " does not serve (health endpoints: " + Deployable.HEALTH_PATHS + ")");
                }
            });
        }
        return problems;
    }

    /** Every environment variable a container gets (env, and envFrom ConfigMaps) is one the module reads. */
    List<String> envVarsAreRead() {
        List<String> problems = new ArrayList<>();
        for (Deployed deployed : deployed()) {
            String name = deployed.name();
            Deployable module = deployed.module();
            Container c = deployed.container();
            for (Map.Entry<String, String> var : environment(c, problems, name).entrySet()) {
                boolean senders = var.getKey().startsWith(PUSH_SENDERS);
                String family = senders ? PUSH_SENDERS + "<TOPIC>" : var.getKey();
                if (senders && module.consumedTopics().stream().flatMap(t -> Stream.of(t, t + DLQ))
                        .noneMatch(t -> var.getKey().equals(Deployable.envName("mosaic.events.push.senders." + t)))) {
                    problems.add("Knative Service '" + name + "' sets " + var.getKey() + ", which names no topic " + name
                            + " consumes (mosaic.events.topics: " + module.consumedTopics() + ")");
                } else if (!module.envVars().contains(var.getKey()) && !awaitingCode.contains(family)) {
                    problems.add("Knative Service '" + name + "' sets " + var.getKey() + ", which " + name
                            + " never reads (no such config key or getenv in its code); remove it or fix its name");
                }
                if (var.getKey().startsWith("MOSAIC_UPSTREAM_")) {
                    problems.addAll(upstreamProblems(name, var.getKey(), var.getValue()));
                }
            }
        }
        return problems;
    }

    /**
     * An upstream URL must name a Knative Service of these manifests the way Knative's cluster-local ingress routes
     * it: {@code http://<name>.<namespace>.svc.cluster.local} (or {@code <name>.<namespace>[.svc]}), in the namespace
     * the Service is deployed to. A bare {@code http://catalog} resolves through the pod's DNS search path to the
     * ingress, which answers 404: it routes by the Host header, and a bare name is no route.
     */
    private List<String> upstreamProblems(String service, String variable, String value) {
        String host = Objects.requireNonNullElse(value, "").replaceFirst("^https?://", "").replaceFirst("[:/].*$", "");
        String[] labels = host.split("\\.", -1);
        Optional<Service> target = knativeService(labels[0]);
        if (target.isEmpty()) {
            return List.of("Knative Service '" + service + "' points " + variable + " at '" + value
                    + "', which is no Knative Service of these manifests");
        }
        // The base has no namespace yet: there the URL's own second label stands for it.
        String namespace = Optional.ofNullable(target.get().getMetadata().getNamespace())
                .orElse(labels.length > 1 ? labels[1] : "<namespace>");
        String routed = labels[0] + "." + namespace;
        if (!Set.of(routed, routed + ".svc", routed + ".svc.cluster.local").contains(host)) {
            return List.of("Knative Service '" + service + "' points " + variable + " at '" + value + "': Knative's "
                    + "cluster-local ingress routes only <name>.<namespace>[.svc[.cluster.local]] and answers 404 to '" + host
                    + "'; use http://" + routed + ".svc.cluster.local");
        }
        return List.of();
    }

    /**
     * Every setting whose default in the module's own config is the laptop's is set by the manifest: a loopback
     * address ({@code 127.0.0.1:<port>}: in a pod it reaches nothing, or, for {@code server.host}, keeps the kubelet's
     * probes, sent to the pod address, from reaching the service), an embedded H2 file, or a path relative to the
     * working directory (a read-only root filesystem in the pod). With {@link #envVarsAreRead} this checks both ways:
     * what the manifest sets is read, and what the code would otherwise take from the laptop is set.
     */
    List<String> laptopDefaultsAreOverridden() {
        List<String> problems = new ArrayList<>();
        for (Deployed deployed : deployed()) {
            String name = deployed.name();
            Deployable module = deployed.module();
            Container c = deployed.container();
            Map<String, String> env = environment(c, new ArrayList<>(), name);
            module.defaults().forEach((key, value) -> {
                if (laptopOnly(key, value) && !NOT_A_CONNECTION.contains(key)
                        && !env.containsKey(Deployable.envName(key))) {
                    problems.add("Knative Service '" + name + "' leaves " + key + " at its laptop default '" + value
                            + "': set " + Deployable.envName(key) + " in " + name + "-config");
                }
            });
        }
        return problems;
    }

    private static boolean laptopOnly(String key, String value) {
        return LOOPBACK.matcher(value).find() || value.startsWith("jdbc:h2:file:")
                || (key.endsWith(".dir") && !value.startsWith("/") && !value.startsWith("${"));
    }

    private static final Pattern LOOPBACK = Pattern.compile("(^|[/@])(127\\.\\d+\\.\\d+\\.\\d+|localhost)([:/]|$)");
    /** Loopback defaults that are no address the service connects to or listens on. */
    private static final Set<String> NOT_A_CONNECTION = Set.of(
            // The "servers" the OpenAPI document lists for trying calls: the gateway's API page serves its own.
            "mp.openapi.servers");

    /** A service another calls over gRPC (a {@code *.grpc.url} key) names its port h2c: Knative speaks HTTP/2 to it only then. */
    List<String> grpcCalleesServeH2c() {
        List<String> problems = new ArrayList<>();
        for (Deployable caller : code.values()) {
            caller.defaults().forEach((key, value) -> {
                if (!key.endsWith(".grpc.url")) {
                    return;
                }
                String callee = value.replaceFirst("^\\$\\{mosaic\\.upstream\\.([a-z]+)}$", "$1");
                Container c = knativeService(callee).map(CrossChecks::container).orElse(null);
                if (c == null) {
                    return;
                }
                String port = c.getPorts() == null || c.getPorts().isEmpty() ? null : c.getPorts().getFirst().getName();
                if (!"h2c".equals(port)) {
                    problems.add(caller.name() + " calls " + callee + " over gRPC (" + key + ") but Knative Service '"
                            + callee + "' names its port '" + port + "', not 'h2c': Knative would speak HTTP/1.1 to it");
                }
            });
        }
        return problems;
    }

    /**
     * Every service another one calls synchronously (a MOSAIC_UPSTREAM_* of any container) keeps an instance warm:
     * the callers' deadlines (the gateway's 1-2 s, orders' 500 ms gRPC) are shorter than a cold start (3-5 s).
     */
    List<String> synchronousCalleesStayWarm() {
        Set<String> callees = new TreeSet<>();
        for (Service service : all(Service.class)) {
            Container c = container(service);
            if (c != null) {
                environment(c, new ArrayList<>(), service.getMetadata().getName()).forEach((k, v) -> {
                    if (k.startsWith("MOSAIC_UPSTREAM_") && v != null) {
                        callees.add(v.replaceFirst("^https?://", "").replaceFirst("[.:/].*$", ""));
                    }
                });
            }
        }
        List<String> problems = new ArrayList<>();
        for (String callee : callees) {
            knativeService(callee).ifPresent(s -> {
                String min = Optional.ofNullable(s.getSpec().getTemplate().getMetadata()).map(m -> m.getAnnotations())
                        .orElse(Map.of()).getOrDefault("autoscaling.knative.dev/min-scale", "0");
                if (Integer.parseInt(min) < 1) {
                    problems.add("Knative Service '" + callee + "' scales to zero but is called synchronously (MOSAIC_UPSTREAM_"
                            + callee.toUpperCase(java.util.Locale.ROOT) + "): its first call after a quiet spell would time out; "
                            + "set autoscaling.knative.dev/min-scale: \"1\"");
                }
            });
        }
        return problems;
    }

    /** Outside the heap a JVM needs metaspace, the AOT cache, code cache, thread stacks and buffers. */
    static final long MIN_NON_HEAP_MIB = 300;
    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");

    /**
     * The heap the JVM sizes from the memory limit leaves {@link #MIN_NON_HEAP_MIB} for the rest (else the kernel kills
     * the container, not the JVM); and no CPU limit under two cores, which would throttle the cold start.
     */
    private static long mebibytes(long value, String unit) {
        return switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "g" -> value * 1024;
            case "m" -> value;
            case "k" -> value / 1024;
            default -> value >> 20;
        };
    }

    private List<String> memoryAndCpuProblems(String name, Container c) {
        List<String> problems = new ArrayList<>();
        var limits = c.getResources().getLimits();
        var memory = limits.get("memory");
        String options = environment(c, new ArrayList<>(), name).getOrDefault("JAVA_TOOL_OPTIONS", "");
        Matcher percentage = MAX_RAM_PERCENTAGE.matcher(options == null ? "" : options);
        if (memory != null) {
            long limitMib = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(memory).longValue() >> 20;
            Matcher maxHeap = MAX_HEAP.matcher(options == null ? "" : options);
            // An explicit -Xmx wins over MaxRAMPercentage (the JVM's own rule); without either, a quarter of the limit.
            String heapSetting;
            long heapMib;
            if (maxHeap.find()) {
                heapSetting = maxHeap.group();
                heapMib = mebibytes(Long.parseLong(maxHeap.group(1)), maxHeap.group(2));
            } else {
                double heapShare = percentage.find() ? Double.parseDouble(percentage.group(1)) / 100 : 0.25;
                heapSetting = "MaxRAMPercentage " + Math.round(heapShare * 100);
                heapMib = Math.round(limitMib * heapShare);
            }
            long nonHeap = limitMib - heapMib;
            if (nonHeap < MIN_NON_HEAP_MIB) {
                problems.add("Knative Service '" + name + "' leaves " + nonHeap + " MiB outside the heap (limit " + limitMib
                        + " MiB, " + heapSetting + "): at least " + MIN_NON_HEAP_MIB
                        + " MiB, or the container is OOM-killed; raise the limit or lower the heap");
            }
        }
        var cpu = limits.get("cpu");
        if (cpu != null && io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(cpu).doubleValue() < 2) {
            problems.add("Knative Service '" + name + "' limits CPU to " + cpu + ": a cold start is throttled; drop the "
                    + "limit (the request reserves a warm instance's share) or allow at least 2 cores");
        }
        return problems;
    }

    /** Name to value (null for a value from a Secret) of every variable a container gets. */
    private Map<String, String> environment(Container c, List<String> problems, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() == null) {
                problems.add("Knative Service '" + service + "' takes envFrom something other than a ConfigMap");
                continue;
            }
            String cmName = from.getConfigMapRef().getName();
            Optional<ConfigMap> cm = all(ConfigMap.class).stream()
                    .filter(m -> m.getMetadata().getName().equals(cmName)).findFirst();
            if (cm.isEmpty()) {
                problems.add("Knative Service '" + service + "' reads ConfigMap '" + cmName + "', which the manifests do not declare");
                continue;
            }
            Optional.ofNullable(cm.get().getData()).orElse(Map.of()).forEach(env::put);
        }
        for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            env.put(var.getName(), var.getValue());
        }
        return env;
    }

    /** The Secrets the manifests expect to exist (they are never committed), by name, with the keys they read. */
    Map<String, Set<String>> secretsReferenced() {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Service service : all(Service.class)) {
            Container c = container(service);
            for (EnvVar var : c == null || c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                    secrets.computeIfAbsent(var.getValueFrom().getSecretKeyRef().getName(), k -> new TreeSet<>())
                            .add(var.getValueFrom().getSecretKeyRef().getKey());
                }
            }
        }
        // Knative's Kafka data plane signs in to Kafka with a Secret of its own.
        for (KafkaSource source : all(KafkaSource.class)) {
            var sasl = source.getSpec().getNet() == null ? null : source.getSpec().getNet().getSasl();
            if (sasl == null) {
                continue;
            }
            for (var value : Stream.of(sasl.getUser(), sasl.getPassword(), sasl.getType()).filter(Objects::nonNull).toList()) {
                if (value.getSecretKeyRef() != null) {
                    secrets.computeIfAbsent(value.getSecretKeyRef().getName(), k -> new TreeSet<>()).add(value.getSecretKeyRef().getKey());
                }
            }
        }
        for (KafkaSink sink : all(KafkaSink.class)) {
            var auth = sink.getSpec().getAuth();
            if (auth != null && auth.getSecret() != null && auth.getSecret().getRef() != null) {
                // What a KafkaSink reads from its Secret (eventing-kafka-broker, control-plane/pkg/security).
                secrets.computeIfAbsent(auth.getSecret().getRef().getName(), k -> new TreeSet<>())
                        .addAll(List.of("protocol", "sasl.mechanism", "user", "password"));
            }
        }
        return secrets;
    }

    /**
     * Every topic a module consumes is pushed to its {@code POST /events} by a KafkaSource with retries and a
     * dead-letter sink on {@code <topic>.dlq}, and that topic's dead letters are pushed back to the same door by a
     * second KafkaSource, so that the module keeps them in its dead-letter store (no dead-letter sink of its own: a
     * dead letter of a dead letter would be on a topic nobody reads); no source pushes a topic its sink does not
     * consume.
     */
    List<String> consumedTopicsAreFed() {
        List<String> problems = new ArrayList<>();
        for (Deployable module : code.values()) {
            for (String topic : module.consumedTopics()) {
                for (String fedTopic : List.of(topic, topic + DLQ)) {
                    boolean fed = all(KafkaSource.class).stream().anyMatch(source ->
                            source.getSpec().getTopics().contains(fedTopic) && sinksTo(source.getSpec().getSink(), module.name()));
                    if (!fed) {
                        problems.add(module.name() + " consumes " + topic + " (mosaic.events.topics) but no KafkaSource "
                                + "delivers " + fedTopic + " to " + module.name() + "'s /events"
                                + (fedTopic.equals(topic) ? "" : ": its dead letters would never reach its dead-letter store"));
                    }
                }
            }
            if (!module.consumedTopics().isEmpty()) {
                Optional<Service> service = knativeService(module.name());
                Container c = service.map(CrossChecks::container).orElse(null);
                if (c != null && !"push".equals(environment(c, new ArrayList<>(), module.name()).get("MOSAIC_EVENTS_DELIVERY"))) {
                    problems.add(module.name() + " consumes events but its manifest does not set MOSAIC_EVENTS_DELIVERY=push: "
                            + "it would poll Kafka as well as being pushed to");
                }
            }
        }
        for (KafkaSource source : all(KafkaSource.class)) {
            String name = source.getMetadata().getName();
            var spec = source.getSpec();
            Destination sink = spec.getSink();
            String target = sink == null || sink.getRef() == null ? null : sink.getRef().getName();
            Deployable module = target == null ? null : code.get(target);
            if (module == null || !"Service".equals(sink.getRef().getKind())) {
                problems.add("KafkaSource '" + name + "' does not deliver to a Knative Service of this repository");
                continue;
            }
            if (!"/events".equals(sink.getUri()) || !module.httpPaths().contains("/events")) {
                problems.add("KafkaSource '" + name + "' must deliver to " + target + "'s /events (uri: " + sink.getUri() + ")");
            }
            for (String topic : spec.getTopics()) {
                String consumed = topic.endsWith(DLQ) ? topic.substring(0, topic.length() - DLQ.length()) : topic;
                if (!module.consumedTopics().contains(consumed)) {
                    problems.add("KafkaSource '" + name + "' pushes " + topic + " to " + target + ", which does not "
                            + "consume " + (consumed.equals(topic) ? "it" : consumed) + " (mosaic.events.topics: " + module.consumedTopics() + ")");
                }
            }
            if (spec.getTopics().size() != 1) {
                problems.add("KafkaSource '" + name + "' must read one topic, so its dead letters go to that topic's .dlq");
            }
            var delivery = spec.getDelivery();
            if (delivery == null || delivery.getRetry() == null || delivery.getRetry() < 1
                    || delivery.getBackoffPolicy() == null || delivery.getBackoffDelay() == null) {
                problems.add("KafkaSource '" + name + "' needs delivery.retry, backoffPolicy and backoffDelay");
            }
            var deadLetterSink = delivery == null ? null : delivery.getDeadLetterSink();
            boolean readsDeadLetters = spec.getTopics().stream().anyMatch(t -> t.endsWith(DLQ));
            if (readsDeadLetters) {
                if (deadLetterSink != null) {
                    problems.add("KafkaSource '" + name + "' reads dead letters back and must not dead-letter them again "
                            + "(to " + (deadLetterSink.getRef() == null ? deadLetterSink.getUri() : deadLetterSink.getRef().getName())
                            + "): a letter not kept stays on " + spec.getTopics());
                }
            } else {
                String dlqTopic = deadLetterSink == null || deadLetterSink.getRef() == null ? null
                        : kafkaSinkTopic(deadLetterSink.getRef().getName());
                String expected = spec.getTopics().isEmpty() ? "?" : spec.getTopics().getFirst() + DLQ;
                if (!expected.equals(dlqTopic)) {
                    problems.add("KafkaSource '" + name + "' must dead-letter to a KafkaSink on " + expected
                            + " (docs/adr/0003), not " + dlqTopic);
                }
            }
            if (delivery != null && delivery.getRetry() != null && delivery.getBackoffDelay() != null) {
                java.time.Duration budget = retryBudget(delivery.getRetry(), delivery.getBackoffPolicy(), delivery.getBackoffDelay());
                if (budget.compareTo(MIN_RETRY_BUDGET) < 0) {
                    problems.add("KafkaSource '" + name + "' gives up after " + budget.toSeconds() + " s of retries and "
                            + "dead-letters: a database outage (503) must not dead-letter (docs/adr/0003); retry for at least "
                            + MIN_RETRY_BUDGET.toMinutes() + " minutes");
                }
            }
            if (delivery != null && (delivery.getTimeout() == null
                    || java.time.Duration.parse(delivery.getTimeout()).compareTo(MIN_DELIVERY_TIMEOUT) < 0)) {
                problems.add("KafkaSource '" + name + "' times a delivery out after " + (delivery.getTimeout() == null ? "the "
                        + "default" : delivery.getTimeout()) + ": a delivery that wakes the service from zero on a fresh node "
                        + "needs " + MIN_DELIVERY_TIMEOUT.toSeconds() + " s (delivery.timeout: PT30S)");
            }
            if (!"ordered".equals(spec.getOrdering())) {
                problems.add("KafkaSource '" + name + "' must deliver with ordering: ordered (one order's events in order)");
            }
        }
        return problems;
    }

    static final java.time.Duration MIN_RETRY_BUDGET = java.time.Duration.ofHours(1);
    static final java.time.Duration MIN_DELIVERY_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** How long Knative keeps retrying before it dead-letters: the sum of the backoff delays. */
    static java.time.Duration retryBudget(int retries, String policy, String delay) {
        java.time.Duration step = java.time.Duration.parse(delay);
        java.time.Duration total = java.time.Duration.ZERO;
        for (int i = 0; i < retries; i++) {
            total = total.plus("exponential".equals(policy) ? step.multipliedBy(1L << Math.min(i, 40)) : step.multipliedBy(i + 1L));
        }
        return total;
    }

    private String kafkaSinkTopic(String sinkName) {
        return all(KafkaSink.class).stream().filter(s -> s.getMetadata().getName().equals(sinkName))
                .map(s -> s.getSpec().getTopic()).findFirst().orElse(null);
    }

    private static boolean sinksTo(Destination sink, String service) {
        return sink != null && sink.getRef() != null && "Service".equals(sink.getRef().getKind())
                && service.equals(sink.getRef().getName());
    }

    /** Every topic declared is used (consumed, published, or a dead-letter topic), and every topic used is declared. */
    List<String> topicsDeclaredAreUsed() {
        Set<String> declared = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (GenericKubernetesResource r : all(GenericKubernetesResource.class)) {
            if ("KafkaTopic".equals(r.getKind()) && r.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
                declared.add(String.valueOf(spec.get("topicName")));
            }
        }
        Set<String> consumed = new TreeSet<>();
        Set<String> inCode = new TreeSet<>();
        for (Deployable module : code.values()) {
            consumed.addAll(module.consumedTopics());
            for (java.nio.file.Path root : List.of(module.module().resolve("src/main/java"))) {
                for (var java : Repo.files(root, ".java")) {
                    TOPIC_LITERAL.matcher(Repo.read(java)).results().forEach(m -> inCode.add(m.group(1)));
                }
            }
        }
        Set<String> used = new TreeSet<>(consumed);
        used.addAll(inCode);
        consumed.forEach(t -> used.add(t + DLQ));
        Stream.concat(all(KafkaSink.class).stream().map(s -> s.getSpec().getTopic()),
                        all(KafkaSource.class).stream().flatMap(s -> s.getSpec().getTopics().stream()))
                .forEach(used::add);
        for (String topic : declared) {
            if (!used.contains(topic)) {
                problems.add("KafkaTopic " + topic + " is declared but no module publishes or consumes it, and it is no "
                        + "consumed topic's .dlq");
            }
        }
        for (String topic : used) {
            if (!declared.contains(topic)) {
                problems.add("Topic " + topic + " is used (code, a source or a dead-letter sink) but no KafkaTopic declares it");
            }
        }
        return problems;
    }

    /** Each PingSource wakes a Knative Service of this repository on a path that service serves. */
    List<String> pingSourcesHitServedPaths() {
        List<String> problems = new ArrayList<>();
        for (PingSource ping : all(PingSource.class)) {
            Destination sink = ping.getSpec().getSink();
            String target = sink == null || sink.getRef() == null ? null : sink.getRef().getName();
            Deployable module = target == null ? null : code.get(target);
            if (module == null) {
                problems.add("PingSource '" + ping.getMetadata().getName() + "' wakes no module of this repository");
            } else if (sink.getUri() == null || !module.httpPaths().contains(sink.getUri())) {
                problems.add("PingSource '" + ping.getMetadata().getName() + "' posts to " + target + "'s " + sink.getUri()
                        + ", which " + target + " does not serve (JAX-RS paths found: " + module.httpPaths() + ")");
            }
        }
        return problems;
    }

    /** Internal services are cluster-local, the gateway is not; every revision has requests, limits and a scale floor. */
    List<String> servicesAreHardened() {
        List<String> problems = new ArrayList<>();
        for (Service service : all(Service.class)) {
            String name = service.getMetadata().getName();
            Map<String, String> labels = Optional.ofNullable(service.getMetadata().getLabels()).orElse(Map.of());
            boolean local = "cluster-local".equals(labels.get("networking.knative.dev/visibility"));
            if (name.equals("gateway") == local) {
                problems.add("Knative Service '" + name + "' must " + (local ? "not " : "") + "be cluster-local "
                        + "(only the gateway is public)");
            }
            Map<String, String> annotations = Optional.ofNullable(service.getSpec().getTemplate().getMetadata())
                    .map(m -> m.getAnnotations()).orElse(Map.of());
            for (String key : List.of("autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale")) {
                if (!annotations.containsKey(key)) {
                    problems.add("Knative Service '" + name + "' has no " + key + " annotation on its revision template");
                }
            }
            Container c = container(service);
            if (c == null || c.getResources() == null || c.getResources().getRequests() == null
                    || c.getResources().getLimits() == null || !c.getResources().getLimits().containsKey("memory")) {
                problems.add("Knative Service '" + name + "' needs resource requests and a memory limit");
            }
            if (c != null && (c.getSecurityContext() == null || !Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot()))) {
                problems.add("Knative Service '" + name + "' must run as non-root");
            }
            // Knative passes the port in PORT; the module's own port as well means it listens there either way.
            Deployable module = code.get(name);
            Integer port = c == null || c.getPorts() == null || c.getPorts().size() != 1 ? null
                    : c.getPorts().getFirst().getContainerPort();
            if (module != null && module.port() != null && !module.port().equals(port)) {
                problems.add("Knative Service '" + name + "' must declare exactly one container port, " + module.port()
                        + " (server.port of " + name + "), not " + (c == null ? null : c.getPorts()));
            }
            if (c != null && c.getResources() != null && c.getResources().getLimits() != null) {
                problems.addAll(memoryAndCpuProblems(name, c));
            }
            if (service.getSpec().getTemplate().getSpec().getContainerConcurrency() == null) {
                problems.add("Knative Service '" + name + "' has no containerConcurrency");
            }
        }
        return problems;
    }

}
