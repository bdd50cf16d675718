package dev.mosaic.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.knative.eventing.v1alpha1.EventPolicy;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Turns manifests into fabric8's typed model, strictly: an apiVersion/kind this repository does not deploy, or
 * a field the typed model does not know (a typo such as {@code containerConcurency}), is an error, where plain
 * Jackson would tuck it away in {@code additionalProperties} and Kubernetes would drop or reject it at apply time.
 */
final class Manifests {

    /** Every kind the manifests may contain, by {@code apiVersion/kind}. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("serving.knative.dev/v1/Service", Service.class),
            Map.entry("sources.knative.dev/v1beta1/KafkaSource", KafkaSource.class),
            Map.entry("sources.knative.dev/v1/PingSource", PingSource.class),
            Map.entry("eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class),
            Map.entry("eventing.knative.dev/v1alpha1/EventPolicy", EventPolicy.class),
            // fabric8 has no Strimzi model; strimziProblems below checks their fields instead.
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", GenericKubernetesResource.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", GenericKubernetesResource.class));

    /** The fields of a Strimzi {@code KafkaTopic} spec (strimzi.io/docs, KafkaTopicSpec). */
    static final Set<String> KAFKA_TOPIC_SPEC_FIELDS = Set.of("topicName", "partitions", "replicas", "config");
    /** The fields of a Strimzi {@code KafkaUser} spec and of its parts (KafkaUserSpec, AclRule, AclRuleResource). */
    static final Set<String> KAFKA_USER_SPEC_FIELDS = Set.of("authentication", "authorization", "quotas", "template");
    static final Set<String> KAFKA_USER_AUTHENTICATION_FIELDS = Set.of("type", "password");
    static final Set<String> KAFKA_USER_AUTHENTICATIONS = Set.of("scram-sha-512", "tls", "tls-external");
    static final Set<String> ACL_RULE_FIELDS = Set.of("resource", "operations", "host", "type");
    static final Set<String> ACL_RESOURCE_FIELDS = Set.of("type", "name", "patternType");
    static final Set<String> ACL_RESOURCE_TYPES = Set.of("topic", "group", "cluster", "transactionalId");
    static final Set<String> ACL_OPERATIONS = Set.of("Read", "Write", "Create", "Delete", "Alter", "Describe",
            "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All");

    static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Manifests() {
    }

    /** The YAML documents of one file, as trees (empty documents, such as a trailing {@code ---}, dropped). */
    static List<ObjectNode> readTrees(Path file) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
                var it = YAML.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode node = it.next();
                    if (node == null || node.isNull() || node.isMissingNode()) {
                        continue;
                    }
                    if (!(node instanceof ObjectNode object)) {
                        throw new IllegalArgumentException(file + ": a document is not a mapping: " + node);
                    }
                    docs.add(object);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String typeKey(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    /** One document into its typed model; throws with the file, kind, name and offending field. */
    static HasMetadata toModel(ObjectNode doc, String origin) {
        String key = typeKey(doc);
        Class<? extends HasMetadata> type = TYPES.get(key);
        String name = doc.path("metadata").path("name").asText("<no name>");
        if (type == null) {
            throw new IllegalArgumentException(origin + ": " + key + " '" + name + "' is not a kind these manifests "
                    + "deploy (known: " + TYPES.keySet() + "); check apiVersion and kind");
        }
        HasMetadata model;
        try {
            model = YAML.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + key + " '" + name + "' does not parse: " + e.getMessage(), e);
        }
        if (model.getMetadata() == null || model.getMetadata().getName() == null) {
            throw new IllegalArgumentException(origin + ": " + key + " has no metadata.name");
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(model, "", unknown, new IdentityHashMap<>());
        if (model instanceof GenericKubernetesResource generic) {
            unknown.addAll("KafkaUser".equals(generic.getKind()) ? strimziUserProblems(generic) : strimziTopicProblems(generic));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(origin + ": " + key + " '" + name + "' has fields its type does not "
                    + "define: " + unknown + " (a typo, or a field of another API version)");
        }
        return model;
    }

    static List<HasMetadata> toModels(List<ObjectNode> docs, String origin) {
        return docs.stream().map(doc -> toModel(doc, origin)).toList();
    }

    private static List<String> strimziTopicProblems(GenericKubernetesResource topic) {
        List<String> problems = new ArrayList<>();
        Object spec = topic.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> map)) {
            return List.of("spec (missing)");
        }
        for (Object field : map.keySet()) {
            if (!KAFKA_TOPIC_SPEC_FIELDS.contains(String.valueOf(field))) {
                problems.add("spec." + field);
            }
        }
        for (String number : List.of("partitions", "replicas")) {
            if (!(map.get(number) instanceof Integer)) {
                problems.add("spec." + number + " (must be a whole number)");
            }
        }
        if (!(map.get("topicName") instanceof String)) {
            problems.add("spec.topicName (missing)");
        }
        return problems;
    }

    private static List<String> strimziUserProblems(GenericKubernetesResource user) {
        List<String> problems = new ArrayList<>();
        if (!(user.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
            return List.of("spec (missing)");
        }
        strays("spec", spec, KAFKA_USER_SPEC_FIELDS, problems);
        if (!(spec.get("authentication") instanceof Map<?, ?> authn)
                || !KAFKA_USER_AUTHENTICATIONS.contains(String.valueOf(authn.get("type")))) {
            problems.add("spec.authentication.type (one of " + KAFKA_USER_AUTHENTICATIONS + ")");
        } else {
            strays("spec.authentication", authn, KAFKA_USER_AUTHENTICATION_FIELDS, problems);
        }
        if (spec.get("authorization") instanceof Map<?, ?> authz) {
            strays("spec.authorization", authz, Set.of("type", "acls"), problems);
            if (!"simple".equals(authz.get("type"))) {
                problems.add("spec.authorization.type (simple)");
            }
            int i = 0;
            for (Object rule : authz.get("acls") instanceof List<?> acls ? acls : List.of()) {
                String at = "spec.authorization.acls[" + i++ + "]";
                if (!(rule instanceof Map<?, ?> r)) {
                    problems.add(at + " (not a mapping)");
                    continue;
                }
                strays(at, r, ACL_RULE_FIELDS, problems);
                if (!(r.get("resource") instanceof Map<?, ?> resource)) {
                    problems.add(at + ".resource (missing)");
                } else {
                    strays(at + ".resource", resource, ACL_RESOURCE_FIELDS, problems);
                    if (!ACL_RESOURCE_TYPES.contains(String.valueOf(resource.get("type")))) {
                        problems.add(at + ".resource.type (one of " + ACL_RESOURCE_TYPES + ")");
                    }
                    if (resource.get("patternType") != null && !Set.of("literal", "prefix").contains(resource.get("patternType"))) {
                        problems.add(at + ".resource.patternType (literal or prefix)");
                    }
                }
                if (!(r.get("operations") instanceof List<?> ops) || ops.isEmpty()) {
                    problems.add(at + ".operations (missing)");
                } else {
                    ops.stream().filter(op -> !ACL_OPERATIONS.contains(String.valueOf(op)))
                            .forEach(op -> problems.add(at + ".operations: " + op));
                }
            }
        }
        return problems;
    }

    private static void strays(String at, Map<?, ?> map, Set<String> known, List<String> out) {
        map.keySet().stream().map(String::valueOf).filter(k -> !known.contains(k)).forEach(k -> out.add(at + "." + k));
    }

    /** Walks the typed model's getters; any non-empty {@code additionalProperties} below the root is a stray field. */
    private static void unknownFields(Object node, String path, List<String> out, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> || !node.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty() && !(node instanceof GenericKubernetesResource)) {
                    extra.keySet().forEach(k -> out.add(path.isEmpty() ? String.valueOf(k) : path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path.isEmpty() ? field : path + "." + field, out, seen);
        }
    }
}
