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

import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Turns manifests into fabric8's typed model, strictly: an apiVersion/kind this repository does not deploy, or
 * a field the typed model does not know (a typo such as {@code containerConcurency}), is an error, where plain
 * Jackson would tuck it away in {@code additionalProperties} and Kubernetes would drop or reject it at apply time.
 */
final class Manifests {

    /** Every kind the manifests may contain, by {@code apiVersion/kind}. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Namespace", Namespace.class,
            "serving.knative.dev/v1/Service", Service.class,
            "sources.knative.dev/v1beta1/KafkaSource", KafkaSource.class,
            "sources.knative.dev/v1/PingSource", PingSource.class,
            "eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class,
            // fabric8 has no Strimzi model; KafkaTopicSpec below checks its fields instead.
            "kafka.strimzi.io/v1beta2/KafkaTopic", GenericKubernetesResource.class);

    /** The fields of a Strimzi {@code KafkaTopic} spec (strimzi.io/docs, KafkaTopicSpec). */
    static final Set<String> KAFKA_TOPIC_SPEC_FIELDS = Set.of("topicName", "partitions", "replicas", "config");

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
            unknown.addAll(strimziTopicProblems(generic));
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
