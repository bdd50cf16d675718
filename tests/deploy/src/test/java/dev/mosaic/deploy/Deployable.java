package dev.mosaic.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the code of one deployable module says about itself, read from its sources: the image it builds, the
 * configuration keys and environment variables it reads, the topics it consumes, the HTTP paths it serves.
 * The manifests are checked against this, so a renamed key or path breaks the build, not the deployment.
 */
record Deployable(String name, Path module, String image, Set<String> configKeys, Set<String> envVars,
                  List<String> consumedTopics, Set<String> httpPaths, boolean mpHealth, Integer port,
                  Map<String, String> defaults) {

    static final List<String> SERVICES = List.of("catalog", "inventory", "orders", "payments", "notifications");
    /** Paths every module serves through Helidon's health support (MicroProfile Health, or the SE health observer). */
    static final Set<String> HEALTH_PATHS = Set.of("/health", "/health/live", "/health/ready", "/health/started");
    /** Read by the JVM itself, whichever the module. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_GET = Pattern.compile("config\\.get\\(\\s*\"([^\"]+)\"\\s*\\)");
    // Keys read through a lookup function rather than an annotation (platform-auth's mosaic.auth.*,
    // mosaic.workload-auth.* and mosaic.workload.*, mosaic.events.push.audience, and the otel.* keys platform-tracing
    // reads as system properties or OTEL_* environment variables).
    private static final Pattern KEY_LITERAL = Pattern.compile(
            "\"(mosaic\\.auth\\.[a-z-]+|mosaic\\.workload(?:-auth)?\\.[a-z-]+|mosaic\\.events\\.push\\.audience|otel\\.[a-z.-]+[a-z])\"");
    private static final String PUSH_SENDERS_PREFIX = "mosaic.events.push.senders.";
    private static final Pattern GETENV = Pattern.compile(
            "(?:getenv\\(\\s*|getenv\\(\\)\\.getOrDefault\\(\\s*|env\\.get\\(\\s*|env\\.getOrDefault\\(\\s*)\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern PATH = Pattern.compile("@(?:[\\w.]+\\.)?Path\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern IMAGE_NAME = Pattern.compile("<image\\.name>([^<]+)</image\\.name>");
    private static final Pattern PLATFORM_DEP = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.mosaic</groupId>\\s*<artifactId>(platform-[a-z]+)</artifactId>(?:\\s*</dependency>|\\s*<version>[^<]*</version>\\s*</dependency>)");

    static List<Deployable> all() {
        List<Deployable> all = new ArrayList<>();
        for (String service : SERVICES) {
            all.add(read(service, Repo.path("services/" + service)));
        }
        all.add(read("gateway", Repo.path("gateway")));
        return all;
    }

    static Deployable named(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No deployable module named " + name));
    }

    /** MicroProfile Config's (and Helidon's) mapping of a key to the environment variable that sets it. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static Deployable read(String name, Path module) {
        String pom = Repo.read(module.resolve("pom.xml"));
        Matcher image = IMAGE_NAME.matcher(pom);
        List<Path> sourceRoots = new ArrayList<>();
        sourceRoots.add(module.resolve("src/main/java"));
        for (String platform : platformClosure(pom)) {
            sourceRoots.add(Repo.path("platform/" + platform + "/src/main/java"));
        }
        Set<String> keys = new TreeSet<>();
        Set<String> env = new TreeSet<>(JVM_ENV);
        Set<String> paths = new TreeSet<>();
        boolean readsPushSenders = false;
        for (Path root : sourceRoots) {
            for (Path java : Repo.files(root, ".java")) {
                String code = Repo.read(java);
                readsPushSenders |= code.contains("\"" + PUSH_SENDERS_PREFIX + "\"");
                CONFIG_PROPERTY.matcher(code).results().forEach(m -> keys.add(m.group(1)));
                CONFIG_GET.matcher(code).results().forEach(m -> keys.add(m.group(1)));
                KEY_LITERAL.matcher(code).results().forEach(m -> keys.add(m.group(1)));
                GETENV.matcher(code).results().forEach(m -> env.add(m.group(1)));
                paths.addAll(jaxrsPaths(code));
            }
        }
        List<String> topics = List.of();
        Integer port = null;
        Path mpConfig = module.resolve("src/main/resources/META-INF/microprofile-config.properties");
        Path seConfig = module.resolve("src/main/resources/application.yaml");
        Map<String, String> defaults = new TreeMap<>();
        for (String platform : platformClosure(pom)) {
            Path platformConfig = Repo.path("platform/" + platform + "/src/main/resources/META-INF/microprofile-config.properties");
            if (Files.isRegularFile(platformConfig)) {
                // Read by the service as its own (server.host, ...): the platform module's config is on its classpath.
                properties(platformConfig).forEach((k, v) -> defaults.putIfAbsent((String) k, (String) v));
                keys.addAll(properties(platformConfig).stringPropertyNames());
            }
        }
        if (Files.isRegularFile(mpConfig)) {
            Properties props = properties(mpConfig);
            props.forEach((k, v) -> defaults.put((String) k, (String) v));
            keys.addAll(props.stringPropertyNames());
            String listed = props.getProperty("mosaic.events.topics", "");
            topics = listed.isBlank() ? List.of() : List.of(listed.strip().split("\\s*,\\s*"));
            port = props.containsKey("server.port") ? Integer.valueOf(props.getProperty("server.port").strip()) : null;
        }
        if (Files.isRegularFile(seConfig)) {
            JsonNode yaml = Manifests.readTrees(seConfig).getFirst();
            flatten("", yaml, defaults);
            keys.addAll(defaults.keySet());
            port = yaml.at("/server/port").isInt() ? yaml.at("/server/port").asInt() : port;
        }
        if (readsPushSenders) {
            // Read per consumed topic by name (a prefix in the code): mosaic.events.push.senders.<topic>, and the
            // sender of its dead letters, mosaic.events.push.senders.<topic>.dlq.
            topics.forEach(topic -> keys.addAll(List.of(PUSH_SENDERS_PREFIX + topic, PUSH_SENDERS_PREFIX + topic + ".dlq")));
        }
        keys.forEach(k -> env.add(envName(k)));
        boolean mpHealth = pom.contains("helidon-microprofile-health") || pom.contains("helidon-webserver-observe-health")
                || platformClosure(pom).stream().anyMatch(p -> Repo.read(Repo.path("platform/" + p + "/pom.xml"))
                        .contains("helidon-microprofile-health"));
        return new Deployable(name, module, image.find() ? image.group(1).strip() : null, keys, env, topics, paths, mpHealth,
                port, Map.copyOf(defaults));
    }

    private static Properties properties(Path file) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** The platform modules a pom depends on at run time, with theirs (test-scoped ones excluded). */
    static Set<String> platformClosure(String pom) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(directPlatformDeps(pom));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (out.add(next)) {
                todo.addAll(directPlatformDeps(Repo.read(Repo.path("platform/" + next + "/pom.xml"))));
            }
        }
        return out;
    }

    private static List<String> directPlatformDeps(String pom) {
        return PLATFORM_DEP.matcher(pom).results().map(m -> m.group(1)).toList();
    }

    /** Class-level {@code @Path} joined with each method-level one (and the class path alone). */
    static Set<String> jaxrsPaths(String code) {
        Set<String> out = new TreeSet<>();
        int classAt = code.indexOf(" class ");
        if (classAt < 0) {
            return out;
        }
        String head = code.substring(0, classAt);
        Matcher classPath = PATH.matcher(head);
        String base = "";
        while (classPath.find()) {
            base = classPath.group(1);
        }
        boolean resource = !base.isEmpty();
        if (resource) {
            out.add(normalise(base));
        }
        Matcher method = PATH.matcher(code.substring(classAt));
        while (method.find()) {
            out.add(normalise(base + "/" + method.group(1)));
        }
        return out;
    }

    private static String normalise(String path) {
        String p = ("/" + path).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }
}
