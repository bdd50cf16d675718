package dev.mosaic.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a kustomization the way {@code kustomize build} does, for the subset of kustomize these manifests use:
 * {@code resources} (files and directories), {@code namespace}, {@code images}, and {@code patches} (a merge patch
 * from a file, targeted by its own apiVersion/kind/name, or an inline JSON 6902 patch with a {@code target}).
 *
 * <p>Why not the kustomize binary: {@code ./mosaic test} runs where only a JDK is installed, and the binary is
 * not served by the registries this project builds from. So the overlays are proven to build here, and
 * {@code ci/validate} also builds them with {@code kubectl kustomize} where kubectl exists. Anything outside the
 * subset is refused with a message, never ignored: a resolver that skipped a field would prove nothing.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");
    /** Kinds that live outside any namespace, which the {@code namespace} field leaves alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition");

    private Kustomize() {
    }

    /** The resources a kustomization directory builds to, in order. */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        List<ObjectNode> docs = Manifests.readTrees(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one document");
        }
        ObjectNode k = docs.getFirst();
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by this resolver "
                        + "(supported: " + SUPPORTED + "); extend Kustomize.java or do without it");
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                out.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                out.addAll(Manifests.readTrees(path));
            } else {
                throw new IllegalArgumentException(file + ": resource '" + resource.asText() + "' does not exist ("
                        + path + ")");
            }
        }
        requireUnique(out, file);
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, file, patch, out);
        }
        if (k.hasNonNull("namespace")) {
            String namespace = k.get("namespace").asText();
            for (ObjectNode doc : out) {
                if (!CLUSTER_SCOPED.contains(doc.path("kind").asText())) {
                    metadata(doc).put("namespace", namespace);
                }
            }
        }
        for (JsonNode image : k.path("images")) {
            setImage(out, image, file);
        }
        return out;
    }

    static String id(JsonNode doc) {
        return Manifests.typeKey(doc) + "/" + doc.path("metadata").path("name").asText();
    }

    private static void requireUnique(List<ObjectNode> docs, Path file) {
        Set<String> ids = new java.util.HashSet<>();
        for (ObjectNode doc : docs) {
            if (!ids.add(id(doc))) {
                throw new IllegalArgumentException(file + ": " + id(doc) + " is declared twice");
            }
        }
    }

    private static void applyPatch(Path dir, Path file, JsonNode patch, List<ObjectNode> docs) {
        if (patch.hasNonNull("path")) {
            Path patchFile = dir.resolve(patch.get("path").asText());
            if (!Files.isRegularFile(patchFile)) {
                throw new IllegalArgumentException(file + ": patch file '" + patch.get("path").asText() + "' does not exist");
            }
            for (ObjectNode p : Manifests.readTrees(patchFile)) {
                ObjectNode target = docs.stream().filter(d -> id(d).equals(id(p))).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(patchFile + ": patches " + id(p)
                                + ", which no resource declares"));
                mergePatch(target, p);
            }
            return;
        }
        JsonNode targetSpec = patch.path("target");
        String text = patch.path("patch").asText(null);
        if (text == null || targetSpec.isMissingNode()) {
            throw new IllegalArgumentException(file + ": a patch needs either 'path', or 'patch' with a 'target'");
        }
        JsonNode ops;
        try {
            ops = Manifests.YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file + ": inline patch does not parse: " + e.getMessage(), e);
        }
        if (!(ops instanceof ArrayNode)) {
            throw new IllegalArgumentException(file + ": an inline patch must be a JSON 6902 list of operations");
        }
        List<ObjectNode> matched = docs.stream().filter(d -> matches(targetSpec, d)).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(file + ": patch target " + targetSpec + " matches no resource");
        }
        for (ObjectNode doc : matched) {
            for (JsonNode op : ops) {
                jsonPatch(doc, op, file);
            }
        }
    }

    /** kustomize's selector: group, version, kind exact; name (and namespace) as an anchored regular expression. */
    static boolean matches(JsonNode target, JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("group", "version", "kind", "name").contains(field)) {
                throw new IllegalArgumentException("patch target field '" + field + "' is not supported");
            }
        }
        return (!target.has("group") || target.get("group").asText().equals(group))
                && (!target.has("version") || target.get("version").asText().equals(version))
                && (!target.has("kind") || target.get("kind").asText().equals(doc.path("kind").asText()))
                && (!target.has("name") || Pattern.matches(target.get("name").asText(),
                        doc.path("metadata").path("name").asText()));
    }

    /** RFC 7386: objects merge, null removes, anything else replaces (kustomize does this for custom resources). */
    static void mergePatch(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    /** JSON 6902 {@code add}, {@code replace} and {@code remove} on object members; {@code replace} needs the member. */
    private static void jsonPatch(ObjectNode doc, JsonNode op, Path file) {
        String kind = op.path("op").asText();
        String pointer = op.path("path").asText();
        String[] parts = pointer.substring(1).split("/", -1);
        ObjectNode parent = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = parent.get(unescape(parts[i]));
            if (!(next instanceof ObjectNode object)) {
                throw new IllegalArgumentException(file + ": " + kind + " " + pointer + " on " + id(doc)
                        + ": no object at /" + String.join("/", java.util.Arrays.copyOf(parts, i + 1)));
            }
            parent = object;
        }
        String last = unescape(parts[parts.length - 1]);
        switch (kind) {
            case "replace", "remove" -> {
                if (!parent.has(last)) {
                    throw new IllegalArgumentException(file + ": " + kind + " " + pointer + " on " + id(doc)
                            + ": nothing there to " + kind);
                }
                if (kind.equals("remove")) {
                    parent.remove(last);
                } else {
                    parent.set(last, op.get("value").deepCopy());
                }
            }
            case "add" -> parent.set(last, op.get("value").deepCopy());
            default -> throw new IllegalArgumentException(file + ": JSON patch op '" + kind + "' is not supported");
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** kustomize's {@code images}: every container whose image is {@code name} (with or without a tag) is rewritten. */
    private static void setImage(List<ObjectNode> docs, JsonNode rule, Path file) {
        String name = rule.path("name").asText();
        int changed = 0;
        for (ObjectNode doc : docs) {
            for (JsonNode container : doc.path("spec").path("template").path("spec").path("containers")) {
                String image = container.path("image").asText();
                String repo = image.replaceFirst("@.*$", "").replaceFirst(":[^:/]*$", "");
                if (!repo.equals(name)) {
                    continue;
                }
                String tag = image.substring(repo.length());
                String newRepo = rule.path("newName").asText(repo);
                if (rule.hasNonNull("digest")) {
                    tag = "@" + rule.get("digest").asText();
                } else if (rule.hasNonNull("newTag")) {
                    tag = ":" + rule.get("newTag").asText();
                }
                ((ObjectNode) container).put("image", newRepo + tag);
                changed++;
            }
        }
        if (changed == 0) {
            throw new IllegalArgumentException(file + ": images entry '" + name + "' matches no container");
        }
    }

    private static ObjectNode metadata(ObjectNode doc) {
        return doc.get("metadata") instanceof ObjectNode m ? m : doc.putObject("metadata");
    }
}
