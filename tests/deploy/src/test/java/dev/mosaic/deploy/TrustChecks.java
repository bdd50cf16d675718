package dev.mosaic.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1alpha1.EventPolicy;
import io.fabric8.knative.eventing.v1alpha1.EventPolicyFromReference;
import io.fabric8.knative.eventing.v1alpha1.EventPolicySpecFrom;
import io.fabric8.knative.eventing.v1alpha1.EventPolicySpecTo;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The manifests against "zero trust inside": each workload its own identity and only the tokens for the services
 * it calls; every pushed event and outbox ping carrying an OIDC token for its sink, from a sender the sink names;
 * Kafka write access to a topic for its owner alone; ingress denied unless a policy lets it in. Like
 * {@link CrossChecks}, each check returns one sentence per problem; empty means it passed.
 */
final class TrustChecks {

    /** Where each service finds the token it presents to callee X: a file named X (the design's token-dir). */
    static final String TOKEN_DIR = "/var/run/secrets/mosaic/tokens";
    static final int TOKEN_SECONDS = 3600;
    /** The namespace of the base, which has none: the one both overlays deploy to, and the subjects name. */
    static final String DEFAULT_NAMESPACE = "mosaic";
    static final String PUSH_AUDIENCE = "MOSAIC_EVENTS_PUSH_AUDIENCE";
    static final String FLUSH_SENDERS = "MOSAIC_OUTBOX_FLUSH_SENDERS";
    static final String DLQ = ".dlq";

    /**
     * Who owns (alone may write) each topic: the services table of ARCHITECTURE.md, of which docs/events/README.md
     * lists the event types documented so far (TrustChecksTest checks that the two agree).
     */
    static final Map<String, Set<String>> PRODUCES = Map.of(
            "catalog", Set.of("catalog.events"),
            "inventory", Set.of("inventory.events"),
            "orders", Set.of("orders.events", "inventory.commands", "payments.commands"),
            "payments", Set.of("payments.events"),
            "notifications", Set.of());

    private final CrossChecks base;

    TrustChecks(CrossChecks base) {
        this.base = base;
    }

    private <T> List<T> all(Class<T> type) {
        return base.all(type);
    }

    private static String name(HasMetadata m) {
        return m.getMetadata().getName();
    }

    private static String namespace(HasMetadata m) {
        return Objects.requireNonNullElse(m.getMetadata().getNamespace(), DEFAULT_NAMESPACE);
    }

    // --- Workload identity --------------------------------------------------------------------------------------

    /**
     * Every Knative Service runs as a ServiceAccount of its own name that mounts no API token, and mounts one
     * projected token per service it calls (audience and file named like the callee), exactly the callees its
     * MOSAIC_UPSTREAM_* variables name; and knows where the tokens are and how to verify the ones it is sent.
     */
    List<String> workloadsHaveTheirOwnIdentity() {
        List<String> problems = new ArrayList<>();
        for (Service service : all(Service.class)) {
            String name = name(service);
            var pod = service.getSpec().getTemplate().getSpec();
            if (!name.equals(pod.getServiceAccountName())) {
                problems.add("Knative Service '" + name + "' must run as ServiceAccount '" + name + "' (serviceAccountName: "
                        + pod.getServiceAccountName() + ")");
            }
            Optional<ServiceAccount> account = all(ServiceAccount.class).stream().filter(a -> name(a).equals(name)).findFirst();
            if (account.isEmpty()) {
                problems.add("No ServiceAccount '" + name + "' for Knative Service '" + name + "'");
            } else if (!Boolean.FALSE.equals(account.get().getAutomountServiceAccountToken())) {
                problems.add("ServiceAccount '" + name + "' must set automountServiceAccountToken: false (no service "
                        + "talks to the Kubernetes API)");
            }
            Map<String, String> env = base.environment(service);
            for (String key : List.of("MOSAIC_WORKLOAD_AUTH_ISSUER", "MOSAIC_WORKLOAD_AUTH_JWKS_URL")) {
                if (env.get(key) == null || env.get(key).isBlank()) {
                    problems.add("Knative Service '" + name + "' does not set " + key + " (workload tokens are verified with it)");
                }
            }
            if (!TOKEN_DIR.equals(env.get("MOSAIC_WORKLOAD_TOKEN_DIR"))) {
                problems.add("Knative Service '" + name + "' must set MOSAIC_WORKLOAD_TOKEN_DIR=" + TOKEN_DIR + ", not "
                        + env.get("MOSAIC_WORKLOAD_TOKEN_DIR"));
            }
            Set<String> callees = new TreeSet<>();
            env.forEach((key, value) -> {
                if (key.startsWith("MOSAIC_UPSTREAM_") && value != null) {
                    callees.add(value.replaceFirst("^https?://", "").replaceFirst("[:/.].*$", ""));
                }
            });
            Set<String> audiences = tokenAudiences(service, problems);
            if (!audiences.equals(callees)) {
                problems.add("Knative Service '" + name + "' mounts workload tokens for " + audiences + " at " + TOKEN_DIR
                        + " but calls " + callees + " (MOSAIC_UPSTREAM_*): one token per callee, no more");
            }
        }
        return problems;
    }

    /** The audiences of the projected tokens mounted at {@link #TOKEN_DIR}, each checked for path and lifetime. */
    private static Set<String> tokenAudiences(Service service, List<String> problems) {
        String name = name(service);
        Container c = CrossChecks.container(service);
        Set<String> audiences = new TreeSet<>();
        List<VolumeMount> mounts = c == null || c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
        Optional<VolumeMount> mount = mounts.stream().filter(m -> TOKEN_DIR.equals(m.getMountPath())).findFirst();
        if (mount.isEmpty()) {
            return audiences;
        }
        if (!Boolean.TRUE.equals(mount.get().getReadOnly())) {
            problems.add("Knative Service '" + name + "' must mount " + TOKEN_DIR + " read-only");
        }
        List<Volume> volumes = Optional.ofNullable(service.getSpec().getTemplate().getSpec().getVolumes()).orElse(List.of());
        Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.get().getName())).findFirst().orElse(null);
        if (volume == null || volume.getProjected() == null) {
            problems.add("Knative Service '" + name + "' mounts " + TOKEN_DIR + " from something other than a projected volume");
            return audiences;
        }
        for (VolumeProjection source : Optional.ofNullable(volume.getProjected().getSources()).orElse(List.of())) {
            var token = source.getServiceAccountToken();
            if (token == null) {
                problems.add("Knative Service '" + name + "': the token volume holds something other than ServiceAccount tokens");
                continue;
            }
            audiences.add(token.getAudience());
            if (!Objects.equals(token.getAudience(), token.getPath())) {
                problems.add("Knative Service '" + name + "': the token for audience " + token.getAudience()
                        + " must be the file named like it, not " + token.getPath());
            }
            if (token.getExpirationSeconds() == null || token.getExpirationSeconds() != TOKEN_SECONDS) {
                problems.add("Knative Service '" + name + "': the token for " + token.getAudience() + " must live "
                        + TOKEN_SECONDS + " s (expirationSeconds), not " + token.getExpirationSeconds());
            }
        }
        return audiences;
    }

    // --- Who may send events -------------------------------------------------------------------------------------

    /**
     * Every KafkaSource and PingSource sends an OIDC token for its sink's audience (MOSAIC_EVENTS_PUSH_AUDIENCE);
     * the sink names the source's OIDC subject as the sender of that topic (or of outbox flushes); an EventPolicy
     * lets it send to that sink and to its dead-letter sink; no EventPolicy lets anything else through.
     */
    List<String> eventsProveTheirSender() {
        List<String> problems = new ArrayList<>();
        for (KafkaSource source : all(KafkaSource.class)) {
            String name = name(source);
            var sasl = source.getSpec().getNet() == null ? null : source.getSpec().getNet().getSasl();
            if (sasl == null || !Boolean.TRUE.equals(sasl.getEnable())) {
                problems.add("KafkaSource '" + name + "' must sign in to Kafka (spec.net.sasl): the listener takes SCRAM only");
            }
            Service sink = sinkService(source.getSpec().getSink());
            if (sink == null) {
                continue; // CrossChecks.consumedTopicsAreFed names it.
            }
            String subject = oidcSubject(namespace(source), "sources.knative.dev", "KafkaSource", name);
            Map<String, String> env = base.environment(sink);
            checkAudience("KafkaSource", name, source.getSpec().getSink(), sink, env, problems);
            for (String topic : source.getSpec().getTopics()) {
                String key = Deployable.envName("mosaic.events.push.senders." + topic);
                if (!senders(env.get(key)).contains(subject)) {
                    problems.add("Knative Service '" + name(sink) + "' must name " + subject + " in " + key
                            + " (the OIDC subject of KafkaSource '" + name + "'), not " + env.get(key));
                }
            }
            if (!allowed("KafkaSource", name, "Service", name(sink))) {
                problems.add("No EventPolicy lets KafkaSource '" + name + "' send to Service '" + name(sink) + "'");
            }
            var dls = source.getSpec().getDelivery() == null || source.getSpec().getDelivery().getDeadLetterSink() == null
                    ? null : source.getSpec().getDelivery().getDeadLetterSink().getRef();
            if (dls != null && "KafkaSink".equals(dls.getKind()) && !allowed("KafkaSource", name, "KafkaSink", dls.getName())) {
                problems.add("No EventPolicy lets KafkaSource '" + name + "' dead-letter to KafkaSink '" + dls.getName() + "'");
            }
        }
        for (PingSource ping : all(PingSource.class)) {
            String name = name(ping);
            Service sink = sinkService(ping.getSpec().getSink());
            if (sink == null) {
                continue; // CrossChecks.pingSourcesHitServedPaths names it.
            }
            Map<String, String> env = base.environment(sink);
            checkAudience("PingSource", name, ping.getSpec().getSink(), sink, env, problems);
            String subject = oidcSubject(namespace(ping), "sources.knative.dev", "PingSource", name);
            if (!senders(env.get(FLUSH_SENDERS)).contains(subject)) {
                problems.add("Knative Service '" + name(sink) + "' must name " + subject + " in " + FLUSH_SENDERS
                        + " (the OIDC subject of PingSource '" + name + "'), not " + env.get(FLUSH_SENDERS));
            }
            if (!allowed("PingSource", name, "Service", name(sink))) {
                problems.add("No EventPolicy lets PingSource '" + name + "' send to Service '" + name(sink) + "'");
            }
        }
        for (KafkaSink sink : all(KafkaSink.class)) {
            var auth = sink.getSpec().getAuth();
            if (auth == null || auth.getSecret() == null || auth.getSecret().getRef() == null) {
                problems.add("KafkaSink '" + name(sink) + "' must sign in to Kafka (spec.auth.secret.ref)");
            }
        }
        problems.addAll(policiesAllowOnlyWhatIsSent());
        return problems;
    }

    private void checkAudience(String kind, String name, Destination sink, Service service, Map<String, String> env,
                               List<String> problems) {
        String expected = env.get(PUSH_AUDIENCE);
        if (expected == null || !expected.equals(sink.getAudience())) {
            problems.add(kind + " '" + name + "' must send tokens for audience " + expected + " (" + PUSH_AUDIENCE
                    + " of '" + name(service) + "'), not " + sink.getAudience() + " (spec.sink.audience)");
        }
    }

    private Service sinkService(Destination sink) {
        if (sink == null || sink.getRef() == null || !"Service".equals(sink.getRef().getKind())) {
            return null;
        }
        return base.knativeService(sink.getRef().getName()).orElse(null);
    }

    private static Set<String> senders(String value) {
        return value == null ? Set.of() : Stream.of(value.split(",")).map(String::strip).collect(Collectors.toSet());
    }

    private boolean allowed(String fromKind, String fromName, String toKind, String toName) {
        return all(EventPolicy.class).stream().anyMatch(p -> targets(p).contains(toKind + "/" + toName)
                && froms(p).contains(fromKind + "/" + fromName));
    }

    private static List<String> targets(EventPolicy policy) {
        return Optional.ofNullable(policy.getSpec().getTo()).orElse(List.of()).stream().map(EventPolicySpecTo::getRef)
                .filter(Objects::nonNull).map(r -> r.getKind() + "/" + r.getName()).toList();
    }

    private static List<String> froms(EventPolicy policy) {
        return Optional.ofNullable(policy.getSpec().getFrom()).orElse(List.of()).stream().map(EventPolicySpecFrom::getRef)
                .filter(Objects::nonNull).map(r -> r.getKind() + "/" + r.getName()).toList();
    }

    /** Each policy names its targets and its senders by reference, and each sender really sends there. */
    private List<String> policiesAllowOnlyWhatIsSent() {
        Map<String, Set<String>> sends = new LinkedHashMap<>();
        for (KafkaSource source : all(KafkaSource.class)) {
            Set<String> to = sends.computeIfAbsent("KafkaSource/" + name(source), k -> new TreeSet<>());
            Optional.ofNullable(source.getSpec().getSink()).map(Destination::getRef).ifPresent(r -> to.add(r.getKind() + "/" + r.getName()));
            if (source.getSpec().getDelivery() != null && source.getSpec().getDelivery().getDeadLetterSink() != null
                    && source.getSpec().getDelivery().getDeadLetterSink().getRef() != null) {
                var r = source.getSpec().getDelivery().getDeadLetterSink().getRef();
                to.add(r.getKind() + "/" + r.getName());
            }
        }
        for (PingSource ping : all(PingSource.class)) {
            Optional.ofNullable(ping.getSpec().getSink()).map(Destination::getRef).ifPresent(r ->
                    sends.computeIfAbsent("PingSource/" + name(ping), k -> new TreeSet<>()).add(r.getKind() + "/" + r.getName()));
        }
        List<String> problems = new ArrayList<>();
        for (EventPolicy policy : all(EventPolicy.class)) {
            String name = name(policy);
            List<String> targets = targets(policy);
            if (targets.isEmpty() || targets.size() != Optional.ofNullable(policy.getSpec().getTo()).orElse(List.of()).size()) {
                problems.add("EventPolicy '" + name + "' must name each target by ref (no selector; an empty 'to' means "
                        + "every sink of the namespace)");
            }
            List<EventPolicySpecFrom> from = Optional.ofNullable(policy.getSpec().getFrom()).orElse(List.of());
            if (from.isEmpty() || from.stream().anyMatch(f -> f.getRef() == null)) {
                problems.add("EventPolicy '" + name + "' must name each sender by ref (a sub pattern would let any "
                        + "workload with a matching name through)");
            }
            for (EventPolicyFromReference ref : from.stream().map(EventPolicySpecFrom::getRef).filter(Objects::nonNull).toList()) {
                String sender = ref.getKind() + "/" + ref.getName();
                for (String target : targets) {
                    if (!sends.getOrDefault(sender, Set.of()).contains(target)) {
                        problems.add("EventPolicy '" + name + "' lets " + sender + " send to " + target
                                + ", where it sends nothing");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The subject of the OIDC token Knative Eventing sends for a source: its per-source ServiceAccount, named by
     * knative.dev/eventing pkg/auth GetOIDCServiceAccountNameForResource (Eventing 1.15 to 1.18, the same code):
     * kmeta.ChildName(name, "-oidc-" + group + "-" + Kind), lower-cased.
     */
    static String oidcSubject(String namespace, String group, String kind, String name) {
        return "system:serviceaccount:" + namespace + ":" + childName(name, "-oidc-" + group + "-" + kind).toLowerCase(Locale.ROOT);
    }

    /**
     * knative.dev/pkg kmeta.ChildName as vendored by Eventing 1.16: parent + suffix when that fits in 63 characters;
     * else, for a suffix longer than 31, the parent (at most 31) + the MD5 of parent + suffix, padded with the start
     * of the suffix to 63 and stripped of trailing non-alphanumerics; else a cut parent + MD5 of the parent + suffix.
     */
    static String childName(String parent, String suffix) {
        final int longest = 63;
        final int head = longest - 32;
        if (parent.length() <= longest - suffix.length()) {
            return parent + suffix;
        }
        if (head - suffix.length() <= 0) {
            String ret = (parent.length() > head ? parent.substring(0, head) : parent) + md5(parent + suffix);
            if (ret.length() < longest) {
                ret += suffix.substring(0, longest - ret.length());
            }
            return ret.replaceFirst("[^a-zA-Z0-9]+$", "");
        }
        return parent.substring(0, head - suffix.length()) + md5(parent) + suffix;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- Kafka ACLs ----------------------------------------------------------------------------------------------

    record Acl(String user, String type, String name, String pattern, Set<String> operations) {

        boolean topic() {
            return "topic".equals(type);
        }

        boolean writes() {
            return operations.contains("Write") || operations.contains("All");
        }

        boolean reads() {
            return operations.contains("Read") || operations.contains("All");
        }

        boolean matches(String resource) {
            return "prefix".equals(pattern) ? resource.startsWith(name) : name.equals(resource) || "*".equals(name);
        }
    }

    private Map<String, GenericKubernetesResource> kafkaUsers() {
        Map<String, GenericKubernetesResource> users = new LinkedHashMap<>();
        all(GenericKubernetesResource.class).stream().filter(r -> "KafkaUser".equals(r.getKind()))
                .forEach(u -> users.put(name(u), u));
        return users;
    }

    static List<Acl> acls(GenericKubernetesResource user) {
        List<Acl> out = new ArrayList<>();
        if (user.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("authorization") instanceof Map<?, ?> authz && authz.get("acls") instanceof List<?> rules) {
            for (Object rule : rules) {
                if (rule instanceof Map<?, ?> r && r.get("resource") instanceof Map<?, ?> res && r.get("operations") instanceof List<?> ops) {
                    out.add(new Acl(user.getMetadata().getName(), String.valueOf(res.get("type")), String.valueOf(res.get("name")),
                            Objects.requireNonNullElse((String) res.get("patternType"), "literal"),
                            ops.stream().map(String::valueOf).collect(Collectors.toSet())));
                }
            }
        }
        return out;
    }

    private static Set<String> topics(List<Acl> acls, java.util.function.Predicate<Acl> which) {
        return acls.stream().filter(Acl::topic).filter(which).map(Acl::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * One KafkaUser per service, named like it, whose topic writes are exactly the topics it owns and the dead-letter
     * topics of what it consumes, whose reads are exactly what it consumes, in its own groups; nobody else writes a
     * topic another service owns; Knative's user reads what the KafkaSources read and writes only dead letters; each
     * service signs in with its own user's Secret.
     */
    List<String> kafkaWritesFollowOwnership() {
        List<String> problems = new ArrayList<>();
        Map<String, GenericKubernetesResource> users = kafkaUsers();
        Map<String, String> owner = new LinkedHashMap<>();
        PRODUCES.forEach((service, topics) -> topics.forEach(t -> owner.put(t, service)));
        for (Deployable module : base.code().values()) {
            String name = module.name();
            if (!PRODUCES.containsKey(name)) {
                continue; // The gateway has no Kafka client.
            }
            GenericKubernetesResource user = users.get(name);
            if (user == null) {
                problems.add("No KafkaUser '" + name + "': every service signs in to Kafka as itself");
                continue;
            }
            List<Acl> acls = acls(user);
            Set<String> writes = new TreeSet<>(PRODUCES.get(name));
            module.consumedTopics().forEach(t -> writes.add(t + DLQ));
            if (!topics(acls, Acl::writes).equals(writes)) {
                problems.add("KafkaUser '" + name + "' may write " + topics(acls, Acl::writes) + " but must write exactly "
                        + writes + " (the topics it owns and the .dlq of those it consumes)");
            }
            Set<String> reads = new TreeSet<>(module.consumedTopics());
            if (!topics(acls, Acl::reads).equals(reads)) {
                problems.add("KafkaUser '" + name + "' may read " + topics(acls, Acl::reads) + " but consumes " + reads
                        + " (mosaic.events.topics)");
            }
            Set<String> groups = acls.stream().filter(a -> "group".equals(a.type()))
                    .map(a -> a.name() + ("prefix".equals(a.pattern()) ? "*" : "")).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expectedGroups = module.consumedTopics().isEmpty() ? Set.of() : Set.of(name, name + "-push-*");
            if (!groups.equals(expectedGroups)) {
                problems.add("KafkaUser '" + name + "' may use consumer groups " + groups + ", not " + expectedGroups);
            }
            Service service = base.knativeService(name).orElse(null);
            Container c = service == null ? null : CrossChecks.container(service);
            Optional<EnvVar> jaas = c == null || c.getEnv() == null ? Optional.empty()
                    : c.getEnv().stream().filter(e -> "MOSAIC_KAFKA_SASL_JAAS_CONFIG".equals(e.getName())).findFirst();
            var ref = jaas.map(EnvVar::getValueFrom).map(v -> v.getSecretKeyRef()).orElse(null);
            if (ref == null || !("kafka-" + name).equals(ref.getName()) || !"sasl.jaas.config".equals(ref.getKey())) {
                problems.add("Knative Service '" + name + "' must take MOSAIC_KAFKA_SASL_JAAS_CONFIG from Secret kafka-" + name
                        + ", key sasl.jaas.config (what Strimzi writes for KafkaUser '" + name + "')");
            }
        }
        for (GenericKubernetesResource user : users.values()) {
            for (Acl acl : acls(user)) {
                if (!acl.topic() || !acl.writes()) {
                    continue;
                }
                if (!"literal".equals(acl.pattern()) || "*".equals(acl.name())) {
                    problems.add("KafkaUser '" + name(user) + "' may write every topic matching " + acl.name()
                            + ": name each topic it writes");
                } else if (owner.containsKey(acl.name()) && !owner.get(acl.name()).equals(name(user))) {
                    problems.add("KafkaUser '" + name(user) + "' may write " + acl.name() + ", which " + owner.get(acl.name())
                            + " owns: only the owner of a topic writes it");
                } else if (!owner.containsKey(acl.name()) && !acl.name().endsWith(DLQ)) {
                    problems.add("KafkaUser '" + name(user) + "' may write " + acl.name() + ", a topic nobody owns");
                }
            }
        }
        problems.addAll(knativeReadsWhatItDelivers(users));
        return problems;
    }

    private List<String> knativeReadsWhatItDelivers(Map<String, GenericKubernetesResource> users) {
        List<String> problems = new ArrayList<>();
        for (KafkaSource source : all(KafkaSource.class)) {
            var sasl = source.getSpec().getNet() == null ? null : source.getSpec().getNet().getSasl();
            String secret = sasl == null || sasl.getPassword() == null || sasl.getPassword().getSecretKeyRef() == null ? null
                    : sasl.getPassword().getSecretKeyRef().getName();
            GenericKubernetesResource user = users.values().stream().filter(u -> Objects.equals(passwordSecret(u), secret))
                    .findFirst().orElse(null);
            if (user == null) {
                problems.add("KafkaSource '" + name(source) + "' signs in with Secret " + secret
                        + ", which no KafkaUser takes its password from");
                continue;
            }
            List<Acl> acls = acls(user);
            for (String topic : source.getSpec().getTopics()) {
                if (acls.stream().noneMatch(a -> a.topic() && a.reads() && a.matches(topic))) {
                    problems.add("KafkaUser '" + name(user) + "' may not read " + topic + ", which KafkaSource '"
                            + name(source) + "' reads");
                }
            }
            String group = source.getSpec().getConsumerGroup();
            if (acls.stream().noneMatch(a -> "group".equals(a.type()) && a.reads() && a.matches(group))) {
                problems.add("KafkaUser '" + name(user) + "' may not use group " + group + " of KafkaSource '" + name(source) + "'");
            }
        }
        return problems;
    }

    private static String passwordSecret(GenericKubernetesResource user) {
        if (user.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("authentication") instanceof Map<?, ?> authn && authn.get("password") instanceof Map<?, ?> password
                && password.get("valueFrom") instanceof Map<?, ?> from && from.get("secretKeyRef") instanceof Map<?, ?> ref) {
            return String.valueOf(ref.get("name"));
        }
        return null;
    }

    // --- Network policies ----------------------------------------------------------------------------------------

    /**
     * Ingress is denied by default in the namespace; each Knative Service has a policy that lets in Knative's
     * request path (queue-proxy 8012) and the scraper of its /metrics (its container port, or the port its revision's
     * {@value #METRICS_PORT} annotation names), and no rule admits
     * every source; Kafka's port is opened only towards namespace kafka, and every service's egress is limited.
     */
    /** Annotation of a revision template whose /metrics is on a port of its own. */
    static final String METRICS_PORT = "mosaic.dev/metrics-port";

    List<String> networkIsNarrowed() {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> selectsEverything(p.getSpec().getPodSelector())
                && types(p).contains("Ingress") && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            problems.add("No default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress], no ingress rule)");
        }
        for (Service service : all(Service.class)) {
            String name = name(service);
            Map<String, String> labels = Optional.ofNullable(service.getSpec().getTemplate().getMetadata())
                    .map(m -> m.getLabels()).orElse(Map.of());
            List<NetworkPolicy> ingress = policies.stream().filter(p -> types(p).contains("Ingress")
                    && !selectsEverything(p.getSpec().getPodSelector()) && selects(p.getSpec().getPodSelector(), labels)).toList();
            Container c = CrossChecks.container(service);
            Integer port = c == null || c.getPorts() == null || c.getPorts().isEmpty() ? null : c.getPorts().getFirst().getContainerPort();
            // /metrics is on the container port unless the revision names another (the gateway keeps it off its public one).
            Integer metricsPort = Optional.ofNullable(service.getSpec().getTemplate().getMetadata())
                    .map(m -> m.getAnnotations()).map(a -> a.get(METRICS_PORT)).map(Integer::valueOf).orElse(port);
            for (Integer needed : Stream.of(8012, metricsPort).filter(Objects::nonNull).toList()) {
                if (ingress.stream().noneMatch(p -> opensIngress(p, needed))) {
                    problems.add("No NetworkPolicy lets traffic into Knative Service '" + name + "' on port " + needed
                            + (needed == 8012 ? " (the queue-proxy, where Kourier and the activator deliver requests)"
                            : " (its /metrics, for the scraper)"));
                }
            }
            boolean egress = policies.stream().anyMatch(p -> types(p).contains("Egress") && selects(p.getSpec().getPodSelector(), labels));
            if (!egress) {
                problems.add("No egress NetworkPolicy selects Knative Service '" + name + "'");
            }
        }
        for (NetworkPolicy policy : policies) {
            for (var rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    problems.add("NetworkPolicy '" + name(policy) + "' lets in traffic from anywhere (an ingress rule without from)");
                }
            }
            for (var rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                boolean kafkaPort = rule.getPorts() == null || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> portIs(p, 9092));
                List<NetworkPolicyPeer> to = Optional.ofNullable(rule.getTo()).orElse(List.of());
                boolean onlyKafka = !to.isEmpty() && to.stream().allMatch(peer -> peer.getIpBlock() == null
                        && peer.getNamespaceSelector() != null && peer.getNamespaceSelector().getMatchLabels() != null
                        && "kafka".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
                if (kafkaPort && !onlyKafka) {
                    problems.add("NetworkPolicy '" + name(policy) + "' opens Kafka's port (9092) towards more than namespace kafka");
                }
            }
        }
        return problems;
    }

    private static List<String> types(NetworkPolicy policy) {
        return Optional.ofNullable(policy.getSpec().getPolicyTypes()).orElse(List.of());
    }

    private static boolean selectsEverything(LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            return false; // Not used here; a policy that needs them needs this check extended.
        }
        return Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean opensIngress(NetworkPolicy policy, int port) {
        return Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of()).stream()
                .anyMatch(rule -> rule.getPorts() == null || rule.getPorts().stream().anyMatch(p -> portIs(p, port)));
    }

    private static boolean portIs(NetworkPolicyPort port, int number) {
        return port.getPort() == null || (port.getPort().getIntVal() != null && port.getPort().getIntVal() == number);
    }
}
