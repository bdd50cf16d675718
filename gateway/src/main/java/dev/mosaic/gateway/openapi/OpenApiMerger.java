package dev.mosaic.gateway.openapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;

import dev.mosaic.gateway.upstream.UpstreamJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Merges the services' OpenAPI 3 documents into one document of the public API, as a caller of the gateway sees it:
 * paths at their public prefix, only paths some route reaches, only the components those paths use, and component
 * names prefixed with their service ({@code orders.LineView}) where two services define different things under one
 * name. Identical definitions (every service's {@code MoneyView}) stay one component under their own name.
 */
final class OpenApiMerger {

    static final String UNAVAILABLE = "x-mosaic-unavailable";
    static final String SERVICES = "x-mosaic-services";
    private static final String REF_PREFIX = "#/components/";
    // Sections whose entries are reached by $ref; security schemes are reached by name and always kept.
    private static final Set<String> SECURITY_SCHEMES = Set.of("securitySchemes");
    // Set by the gateway itself from the caller's credentials; a client's own value is dropped, so it is not public API.
    private static final Set<String> GATEWAY_OWNED_HEADERS = Set.of("x-customer-id", "x-request-id");
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Logger LOGGER = Logger.getLogger(OpenApiMerger.class.getName());

    private OpenApiMerger() {
    }

    /**
     * One service's document.
     *
     * @param publicPath the public path of one of the service's paths, or empty when no route reaches it
     */
    record Source(String service, JsonObject document, Function<String, Optional<String>> publicPath) {
    }

    /**
     * @param unavailable service name to why its document could not be had; listed in {@value #UNAVAILABLE}
     */
    static JsonObject merge(List<Source> sources, Map<String, String> unavailable) {
        Map<String, Map<String, Map<String, String>>> renames = renames(sources);

        Map<String, JsonValue> paths = new TreeMap<>();
        Map<String, Map<String, JsonValue>> components = new TreeMap<>();
        Map<String, JsonObject> tags = new LinkedHashMap<>();
        for (Source source : sources) {
            Map<String, Map<String, String>> renamed = renames.getOrDefault(source.service(), Map.of());
            for (var path : object(source.document(), "paths").entrySet()) {
                Optional<String> publicPath = source.publicPath().apply(path.getKey());
                if (publicPath.isEmpty()) {
                    continue;
                }
                if (paths.containsKey(publicPath.get())) {
                    LOGGER.warning("OpenAPI: " + source.service() + " documents " + publicPath.get()
                                           + ", already documented by another service; its definition is left out");
                    continue;
                }
                paths.put(publicPath.get(), rewriteRefs(publicPathItem(path.getValue()), renamed));
            }
            for (var section : object(source.document(), "components").entrySet()) {
                if (!(section.getValue() instanceof JsonObject entries)) {
                    continue;
                }
                Map<String, String> sectionRenames = renamed.getOrDefault(section.getKey(), Map.of());
                Map<String, JsonValue> merged = components.computeIfAbsent(section.getKey(), k -> new TreeMap<>());
                for (var entry : entries.entrySet()) {
                    merged.putIfAbsent(sectionRenames.getOrDefault(entry.getKey(), entry.getKey()),
                                       rewriteRefs(entry.getValue(), renamed));
                }
            }
            if (source.document().get("tags") instanceof JsonArray sourceTags) {
                for (JsonValue tag : sourceTags) {
                    if (tag instanceof JsonObject t && t.get("name") instanceof JsonString name) {
                        tags.putIfAbsent(name.getString(), t);
                    }
                }
            }
        }
        keepReachable(paths, components);

        JsonObjectBuilder doc = UpstreamJson.JSON.createObjectBuilder()
                .add("openapi", sources.stream().map(s -> s.document().getString("openapi", null))
                        .filter(v -> v != null).findFirst().orElse("3.0.3"))
                .add("info", UpstreamJson.JSON.createObjectBuilder()
                        .add("title", "Mosaic API")
                        .add("version", "1")
                        .add("description", "Every public operation of Mosaic, as reached through the gateway. "
                                + "Assembled from the services' own documents; a service that could not be asked is "
                                + "listed in " + UNAVAILABLE + "."));
        if (!tags.isEmpty()) {
            JsonArrayBuilder tagList = UpstreamJson.JSON.createArrayBuilder();
            tags.values().forEach(tagList::add);
            doc.add("tags", tagList);
        }
        JsonObjectBuilder pathsJson = UpstreamJson.JSON.createObjectBuilder();
        paths.forEach(pathsJson::add);
        doc.add("paths", pathsJson);
        JsonObjectBuilder componentsJson = UpstreamJson.JSON.createObjectBuilder();
        components.forEach((section, entries) -> {
            if (!entries.isEmpty()) {
                JsonObjectBuilder sectionJson = UpstreamJson.JSON.createObjectBuilder();
                entries.forEach(sectionJson::add);
                componentsJson.add(section, sectionJson);
            }
        });
        doc.add("components", componentsJson);
        JsonArrayBuilder services = UpstreamJson.JSON.createArrayBuilder();
        sources.forEach(s -> services.add(s.service()));
        doc.add(SERVICES, services);
        JsonArrayBuilder down = UpstreamJson.JSON.createArrayBuilder();
        unavailable.forEach((service, reason) -> down.add(
                UpstreamJson.JSON.createObjectBuilder().add("service", service).add("reason", reason)));
        doc.add(UNAVAILABLE, down);
        return doc.build();
    }

    /**
     * Service, section, name to new name, for every component that must be namespaced: defined differently by two
     * services, or identical but referring to a component that is namespaced (so it means different things).
     */
    private static Map<String, Map<String, Map<String, String>>> renames(List<Source> sources) {
        // section -> name -> service -> definition
        Map<String, Map<String, Map<String, JsonValue>>> definitions = new HashMap<>();
        for (Source source : sources) {
            for (var section : object(source.document(), "components").entrySet()) {
                if (section.getValue() instanceof JsonObject entries) {
                    entries.forEach((name, value) -> definitions
                            .computeIfAbsent(section.getKey(), k -> new HashMap<>())
                            .computeIfAbsent(name, k -> new LinkedHashMap<>())
                            .put(source.service(), value));
                }
            }
        }
        Set<String> namespaced = new HashSet<>();  // "section/name"
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var section : definitions.entrySet()) {
                for (var name : section.getValue().entrySet()) {
                    String key = section.getKey() + "/" + name.getKey();
                    Map<String, JsonValue> variants = name.getValue();
                    if (namespaced.contains(key) || variants.size() < 2) {
                        continue;
                    }
                    boolean differ = new HashSet<>(variants.values()).size() > 1;
                    boolean refersToNamespaced = variants.values().stream()
                            .anyMatch(v -> refs(v).stream().anyMatch(namespaced::contains));
                    if (differ || refersToNamespaced) {
                        namespaced.add(key);
                        changed = true;
                    }
                }
            }
        }
        Map<String, Map<String, Map<String, String>>> renames = new HashMap<>();
        for (String key : namespaced) {
            String section = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            for (String service : definitions.get(section).get(name).keySet()) {
                renames.computeIfAbsent(service, k -> new HashMap<>())
                        .computeIfAbsent(section, k -> new HashMap<>())
                        .put(name, service + "." + name);
            }
        }
        return renames;
    }

    /** Drops components no kept path uses, directly or through other components. */
    private static void keepReachable(Map<String, JsonValue> paths, Map<String, Map<String, JsonValue>> components) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        paths.values().forEach(item -> pending.addAll(refs(item)));
        while (!pending.isEmpty()) {
            String key = pending.pop();
            if (reached.add(key)) {
                int slash = key.indexOf('/');
                JsonValue target = components.getOrDefault(key.substring(0, slash), Map.of()).get(key.substring(slash + 1));
                if (target != null) {
                    pending.addAll(refs(target));
                }
            }
        }
        components.forEach((section, entries) -> {
            if (!SECURITY_SCHEMES.contains(section)) {
                entries.keySet().removeIf(name -> !reached.contains(section + "/" + name));
            }
        });
    }

    /** "section/name" of every local component {@code $ref} inside {@code value}. */
    static Set<String> refs(JsonValue value) {
        Set<String> found = new LinkedHashSet<>();
        collectRefs(value, found);
        return found;
    }

    private static void collectRefs(JsonValue value, Set<String> found) {
        if (value instanceof JsonObject o) {
            if (o.get("$ref") instanceof JsonString ref && ref.getString().startsWith(REF_PREFIX)) {
                found.add(ref.getString().substring(REF_PREFIX.length()));
            }
            o.values().forEach(v -> collectRefs(v, found));
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, found));
        }
    }

    private static JsonValue rewriteRefs(JsonValue value, Map<String, Map<String, String>> renamed) {
        if (renamed.isEmpty()) {
            return value;
        }
        if (value instanceof JsonObject o) {
            JsonObjectBuilder out = UpstreamJson.JSON.createObjectBuilder();
            o.forEach((key, v) -> {
                if (key.equals("$ref") && v instanceof JsonString ref && ref.getString().startsWith(REF_PREFIX)) {
                    String target = ref.getString().substring(REF_PREFIX.length());
                    int slash = target.indexOf('/');
                    String section = slash < 0 ? target : target.substring(0, slash);
                    String name = slash < 0 ? "" : target.substring(slash + 1);
                    String newName = renamed.getOrDefault(section, Map.of()).getOrDefault(name, name);
                    out.add(key, REF_PREFIX + section + "/" + newName);
                } else {
                    out.add(key, rewriteRefs(v, renamed));
                }
            });
            return out.build();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder out = UpstreamJson.JSON.createArrayBuilder();
            a.forEach(v -> out.add(rewriteRefs(v, renamed)));
            return out.build();
        }
        return value;
    }

    /**
     * A path item without what only holds inside the network: its own {@code servers} (internal addresses) and
     * header parameters the gateway sets itself.
     */
    private static JsonValue publicPathItem(JsonValue item) {
        if (!(item instanceof JsonObject pathItem)) {
            return item;
        }
        JsonObjectBuilder out = UpstreamJson.JSON.createObjectBuilder();
        pathItem.forEach((key, value) -> {
            if (key.equals("servers")) {
                return;
            }
            if (key.equals("parameters")) {
                out.add(key, publicParameters(value));
            } else if (OPERATIONS.contains(key) && value instanceof JsonObject operation) {
                JsonObjectBuilder op = UpstreamJson.JSON.createObjectBuilder(operation).remove("servers");
                if (operation.containsKey("parameters")) {
                    op.add("parameters", publicParameters(operation.get("parameters")));
                }
                out.add(key, op);
            } else {
                out.add(key, value);
            }
        });
        return out.build();
    }

    private static JsonValue publicParameters(JsonValue parameters) {
        if (!(parameters instanceof JsonArray list)) {
            return parameters;
        }
        JsonArrayBuilder out = UpstreamJson.JSON.createArrayBuilder();
        for (JsonValue p : list) {
            boolean owned = p instanceof JsonObject o && "header".equals(o.getString("in", null))
                    && GATEWAY_OWNED_HEADERS.contains(o.getString("name", "").toLowerCase(Locale.ROOT));
            if (!owned) {
                out.add(p);
            }
        }
        return out.build();
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }
}
