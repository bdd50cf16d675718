package dev.mosaic.devstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.mosaic.devstack.ServiceSpec.Kind;
import dev.mosaic.platform.dev.DevCertificate;
import dev.mosaic.platform.dev.DevIssuer;
import dev.mosaic.platform.dev.KafkaBrokerMain;

/**
 * What to run and how: the stack's processes with their ports, databases, directories and command
 * lines, resolved from the environment ({@code MOSAIC_HOME}, {@code MOSAIC_PORT_OFFSET}, {@code MOSAIC_DB}, ...).
 */
public final class Stack {

    static final int GATEWAY_TLS_PORT = 8443;
    static final int GATEWAY_METRICS_PORT = 8090;

    static final String DEFAULT_PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** Where the development issuer's classes are: platform-dev's jar in a built tree, its classes in the IDE. */
    static final String DEV_ISSUER_JAR = codeSource(DevIssuer.class);
    private static final Pattern PG_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(?:/[^?]*)?(\\?.*)?");

    /** Where a service keeps its data: the JDBC coordinates it is started with. */
    public record Database(String url, String user, String password, boolean createdByMosaic) {
    }

    private final Path repo;
    private final Path home;
    private final int portOffset;
    private final boolean postgres;
    private final Map<String, String> env;
    private final Path java;
    private final int javaFeature;
    private final String devstackClasspath;
    private final List<ServiceSpec> specs;
    /** Upstream URLs that differ for one consumer, keyed {@code consumer -> upstream}: the drill's fault proxy. */
    private final Map<String, Map<String, String>> upstreamOverrides;

    /**
     * @param repo              the repository root (where {@code services/} and {@code gateway/} live)
     * @param env               environment variables
     * @param devstackClasspath classpath of this module, for the Kafka broker process
     */
    public Stack(Path repo, Map<String, String> env, String devstackClasspath, List<ServiceSpec> specs) {
        this(repo, env, devstackClasspath, specs, Map.of());
    }

    private Stack(Path repo, Map<String, String> env, String devstackClasspath, List<ServiceSpec> specs,
                  Map<String, Map<String, String>> upstreamOverrides) {
        this.upstreamOverrides = Map.copyOf(upstreamOverrides);
        this.repo = repo.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.home = Optional.ofNullable(blankToNull(env.get("MOSAIC_HOME")))
                .map(Path::of).orElse(this.repo.resolve(".mosaic")).toAbsolutePath().normalize();
        this.specs = List.copyOf(specs);
        this.portOffset = parsePortOffset(env.get("MOSAIC_PORT_OFFSET"), specs);
        this.postgres = parseDbMode(env.get("MOSAIC_DB"));
        // Every process runs on the JDK the orchestrator runs on (the one ./mosaic found).
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.javaFeature = Runtime.version().feature();
        this.devstackClasspath = devstackClasspath;
    }

    /**
     * The stack of this JVM: repository from {@code -Dmosaic.repo}, the JDK of the running JVM, and its classpath
     * ({@code -Dmosaic.classpath}, as the script wrote it with a wildcard, is shorter to read in {@code ps}).
     */
    public static Stack fromEnvironment() {
        Path repo = Path.of(System.getProperty("mosaic.repo", ""));
        String classpath = System.getProperty("mosaic.classpath", System.getProperty("java.class.path"));
        return new Stack(repo, System.getenv(), absolute(classpath), ServiceSpec.ALL);
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /** Children run in their own working directories: relative classpath entries would point nowhere. */
    static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.endsWith("*")
                        ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + File.separator + "*"
                        : Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    public List<ServiceSpec> specs() {
        return specs;
    }

    /** The environment variables this stack was resolved from. */
    public Map<String, String> environment() {
        return env;
    }

    /** The same stack resolved from other environment variables (another MOSAIC_HOME, another database). */
    public Stack withEnvironment(Map<String, String> environment) {
        return new Stack(repo, environment, devstackClasspath, specs, upstreamOverrides);
    }

    /** The same stack, except that {@code consumer} reaches {@code upstream} at {@code url} (e.g. through a proxy). */
    public Stack withUpstream(String consumer, String upstream, String url) {
        Map<String, Map<String, String>> overrides = new HashMap<>(upstreamOverrides);
        Map<String, String> own = new HashMap<>(overrides.getOrDefault(consumer, Map.of()));
        own.put(upstream, url);
        overrides.put(consumer, own);
        return new Stack(repo, env, devstackClasspath, specs, overrides);
    }

    public Optional<ServiceSpec> spec(String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<ServiceSpec> services() {
        return specs.stream().filter(ServiceSpec::isService).toList();
    }

    public Path repo() {
        return repo;
    }

    public Path home() {
        return home;
    }

    public Path runDir() {
        return home.resolve("run");
    }

    public Path logDir() {
        return home.resolve("logs");
    }

    public int portOffset() {
        return portOffset;
    }

    public boolean postgres() {
        return postgres;
    }

    public int port(ServiceSpec spec) {
        return spec.basePort() + portOffset;
    }

    /** The gateway's HTTPS listener (8443 plus the offset). */
    public int gatewayTlsPort() {
        return GATEWAY_TLS_PORT + portOffset;
    }

    /** The gateway's metrics listener (8090 plus the offset): /metrics is not served on its public port. */
    public int gatewayMetricsPort() {
        return GATEWAY_METRICS_PORT + portOffset;
    }

    /** The development token issuer of this stack (keys in {@code MOSAIC_HOME/auth}, created on first use). */
    public DevIssuer issuer() {
        return DevIssuer.loadOrCreate(home.resolve("auth"));
    }

    /** KRaft controller listener of the broker, next to its client port. */
    public int kafkaControllerPort() {
        return kafka().basePort() + 1 + portOffset;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + port(kafka());
    }

    /** The ports a process binds, to check they are free before starting it. */
    public List<Integer> boundPorts(ServiceSpec spec) {
        return switch (spec.kind()) {
            case KAFKA -> List.of(port(spec), kafkaControllerPort());
            case GATEWAY -> List.of(port(spec), gatewayTlsPort());
            case SERVICE -> List.of(port(spec));
        };
    }

    /** Working directory of a process; services keep their database files and transaction logs there. */
    public Path workDir(ServiceSpec spec) {
        return spec.kind() == Kind.KAFKA ? home.resolve("kafka") : home.resolve("data").resolve(spec.name());
    }

    /** The jar a service or the gateway runs from; the broker runs from this module's classpath. */
    public Optional<Path> artifact(ServiceSpec spec) {
        return switch (spec.kind()) {
            case KAFKA -> Optional.empty();
            case SERVICE -> Optional.of(repo.resolve("services").resolve(spec.name()).resolve("target")
                    .resolve(spec.name() + "-service.jar"));
            case GATEWAY -> Optional.of(repo.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar"));
        };
    }

    /** Where the orchestrator reports something reachable: the health URL, or the broker's address. */
    public String url(ServiceSpec spec) {
        return spec.kind() == Kind.KAFKA ? kafkaBootstrap() : "http://127.0.0.1:" + port(spec);
    }

    /**
     * JDBC coordinates of a service: {@code MOSAIC_DB_URL_<SERVICE>} wins; otherwise PostgreSQL (one database
     * and role per service, on the admin URL's server) under {@code MOSAIC_DB=postgres}, else an H2 file.
     */
    public Database database(ServiceSpec spec) {
        String name = spec.name();
        String suffix = name.toUpperCase(Locale.ROOT);
        String override = blankToNull(env.get("MOSAIC_DB_URL_" + suffix));
        if (override != null) {
            boolean h2 = override.startsWith("jdbc:h2:");
            return new Database(override,
                    env.getOrDefault("MOSAIC_DB_USER_" + suffix, h2 ? "sa" : name),
                    env.getOrDefault("MOSAIC_DB_PASSWORD_" + suffix, h2 ? "sa" : name),
                    false);
        }
        if (postgres) {
            return new Database(postgresUrl(pgAdminUrl(), name), name, name, true);
        }
        Path dir = workDir(spec);
        // H2 creates the database with whatever credentials the first connection brings; the services
        // default to sa/sa, and an empty password would read as "not configured" to MicroProfile Config.
        // WRITE_DELAY=0: a commit reaches the file before it is acknowledged, so a SIGKILL (./mosaic kill) loses
        // no committed order; H2's default would keep the last half second in memory only.
        // CACHE_SIZE=2048 (KB): H2 caches the pages it writes at every commit, and with its default size (scaled to
        // the heap) those pages filled the old generation of inventory, payments and notifications before dying
        // there; 22-57 MB less resident after the saga load, no CPU cost seen (docs/performance.md, "Memory").
        return new Database("jdbc:h2:file:" + dir.resolve(name) + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;CACHE_SIZE=2048",
                "sa", "sa", false);
    }

    public String pgAdminUrl() {
        return Optional.ofNullable(blankToNull(env.get("MOSAIC_PG_ADMIN_URL"))).orElse(DEFAULT_PG_ADMIN_URL);
    }

    public String pgAdminUser() {
        return Optional.ofNullable(blankToNull(env.get("MOSAIC_PG_ADMIN_USER"))).orElse("postgres");
    }

    public String pgAdminPassword() {
        return env.getOrDefault("MOSAIC_PG_ADMIN_PASSWORD", "");
    }

    /** Bounded wait for {@code /health/ready}; long enough for a cold JVM on two busy cores. */
    public Duration readyTimeout() {
        return Duration.ofSeconds(parseSeconds("MOSAIC_READY_TIMEOUT", 120));
    }

    /** How long a process gets to exit after SIGTERM before it is killed. */
    public Duration stopTimeout(Kind kind) {
        // The broker flushes and closes its log segments on the way out; give it longer.
        return Duration.ofSeconds(kind == Kind.KAFKA ? 30 : 15);
    }

    /**
     * The full command line of a process; the first two system properties mark it as ours (see ProcessControl). A
     * service or the gateway starts from its AOT cache when one fits ({@link AotTraining} writes it).
     */
    public List<String> command(ServiceSpec spec) {
        return command(spec, cache -> cache.options());
    }

    /**
     * The command line of a training run of {@code spec}'s AOT cache: the same JVM and options, writing the cache to
     * {@code output}, on {@code port} (and {@code tlsPort}), with an H2 database and data in {@code scratch}, its Kafka
     * clients talking to {@code bootstrap}: the training runs' own broker ({@link #trainingBrokerCommand}) or
     * {@link #NO_BROKER}, never the stack's (a run that joined its consumer groups would take the real service's events).
     */
    List<String> trainingCommand(ServiceSpec spec, Path output, int port, int tlsPort, Path scratch, String bootstrap) {
        return scratchCommand(spec, cache -> cache.trainingOptions(output), port, tlsPort, scratch, bootstrap);
    }

    /**
     * The command line of a process a training run calls as the stack's instance would be called (see
     * {@link AotTraining}): like {@link #trainingCommand}, on scratch data, free ports and the training runs' broker,
     * but starting from its own cache when it has one, and writing none.
     */
    List<String> peerCommand(ServiceSpec spec, int port, int tlsPort, Path scratch, String bootstrap) {
        return scratchCommand(spec, AotCache::options, port, tlsPort, scratch, bootstrap);
    }

    /**
     * The stack's Kafka broker on scratch data in {@code dir} and free ports: the one training runs and their peers
     * talk to, so that their Kafka clients' connected paths are trained too, and not the stack's, whose consumer
     * groups a training run would take the real services' events from. With {@code cacheOutput}, it is also the
     * broker's own training run, and writes its AOT cache there as it exits.
     */
    List<String> trainingBrokerCommand(Path dir, int port, int controllerPort, Optional<Path> cacheOutput) {
        List<String> cmd = new ArrayList<>(command(kafka(),
                cache -> cacheOutput.map(cache::trainingOptions).orElse(List.of())));
        // KafkaBrokerMain <data-dir> <port> <controller-port>, last on the line.
        int args = cmd.size() - 3;
        cmd.set(args, dir.toString());
        cmd.set(args + 1, String.valueOf(port));
        cmd.set(args + 2, String.valueOf(controllerPort));
        return cmd;
    }

    /** A bootstrap address nothing listens on: a run with it never reaches a broker. */
    static final String NO_BROKER = "127.0.0.1:1";

    private List<String> scratchCommand(ServiceSpec spec, Function<AotCache, List<String>> aot, int port, int tlsPort,
                                        Path scratch, String bootstrap) {
        List<String> cmd = new ArrayList<>();
        for (String arg : command(spec, aot)) {
            cmd.add(switch (arg.substring(0, arg.indexOf('=') + 1)) {
                case "-Dserver.port=" -> "-Dserver.port=" + port;
                case "-Dmosaic.gateway.tls.port=" -> "-Dmosaic.gateway.tls.port=" + tlsPort;
                case "-Dmosaic.gateway.metrics.port=" -> "-Dmosaic.gateway.metrics.port=0";
                case "-Dmosaic.data.dir=" -> "-Dmosaic.data.dir=" + scratch;
                case "-Dmosaic.db.url=" -> "-Dmosaic.db.url=jdbc:h2:file:" + scratch.resolve(spec.name()) + ";WRITE_DELAY=0;CACHE_SIZE=2048";
                case "-Dmosaic.db.user=" -> "-Dmosaic.db.user=sa";
                case "-Dmosaic.db.password=" -> "-Dmosaic.db.password=sa";
                case "-Dmosaic.kafka.bootstrap=" -> "-Dmosaic.kafka.bootstrap=" + bootstrap;
                default -> arg;
            });
        }
        return cmd;
    }

    private List<String> command(ServiceSpec spec, Function<AotCache, List<String>> aot) {
        List<String> cmd = jvm(spec);
        aotCache(spec, cmd).ifPresent(cache -> cmd.addAll(aot.apply(cache)));
        switch (spec.kind()) {
            case KAFKA -> {
                cmd.add("-cp");
                cmd.add(devstackClasspath);
                cmd.add(KafkaBrokerMain.class.getName());
                cmd.add(workDir(spec).toString());
                cmd.add(String.valueOf(port(spec)));
                cmd.add(String.valueOf(kafkaControllerPort()));
            }
            case SERVICE -> {
                Database db = database(spec);
                serverProperties(cmd, spec);
                cmd.add("-Dmosaic.db.url=" + db.url());
                cmd.add("-Dmosaic.db.user=" + db.user());
                cmd.add("-Dmosaic.db.password=" + db.password());
                cmd.add("-Dmosaic.kafka.bootstrap=" + kafkaBootstrap());
                upstreams(cmd, spec);
                auth(cmd, spec);
                cmd.add("-jar");
                cmd.add(artifact(spec).orElseThrow().toString());
            }
            case GATEWAY -> {
                serverProperties(cmd, spec);
                upstreams(cmd, spec);
                auth(cmd, spec);
                cmd.add("-Dmosaic.gateway.tls.port=" + gatewayTlsPort());
                cmd.add("-Dmosaic.gateway.metrics.port=" + gatewayMetricsPort());
                cmd.add("-Dmosaic.gateway.tls.keystore=" + DevCertificate.loadOrCreate(home.resolve("tls")));
                cmd.add("-Dmosaic.gateway.tls.password=" + DevCertificate.PASSWORD);
                // The storefront's development sign-in: local runs only, so only this stack turns it on.
                cmd.add("-Dmosaic.gateway.dev-sign-in.issuer-dir=" + home.resolve("auth"));
                // The issuer's code is not in the gateway's artifact (platform-dev never ships): the gateway loads it
                // from the jar this orchestrator runs with.
                cmd.add("-Dmosaic.gateway.dev-sign-in.jar=" + DEV_ISSUER_JAR);
                cmd.add("-jar");
                cmd.add(artifact(spec).orElseThrow().toString());
            }
        }
        return cmd;
    }

    /**
     * The process's command line up to its JVM options, which key its AOT cache. Nothing here has side effects: the
     * gateway's certificate, for instance, is made for the rest of the line, when the process is about to start.
     */
    private List<String> jvm(ServiceSpec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add(ProcessControl.processMarker(spec.name()));
        cmd.add(ProcessControl.homeMarker(home));
        // Many small JVMs on a laptop: a single-threaded collector and small stacks keep each one lean. C1 alone, as
        // in the images (ADR 0018): seven JVMs compiling with C2 on two cores spend 40% of the CPU of their first
        // minutes compiling, and a stack under load in that time fell behind; warm, C2 saves little here.
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss512k");
        cmd.add("-XX:TieredStopAtLevel=1");
        // Heaps sized from the live set after the saga load (docs/performance.md, "Memory"): 30-80 MB in a service,
        // 35 MB in the gateway, 40-60 MB in Kafka (whose log cleaner took 128 MB more before its map was made small,
        // ADR 0031). Unsized, each JVM would grow to a quarter of the machine's memory
        // (and, collecting rarely, keep it), which multiplied by seven is most of a laptop. MOSAIC_JAVA_OPTS, later
        // on the line, overrides these.
        cmd.add(switch (spec.kind()) {
            case KAFKA -> "-Xmx128m";
            case SERVICE -> "-Xmx128m";
            case GATEWAY -> "-Xmx96m";
        });
        if (spec.kind() != Kind.KAFKA) {
            // The heap starts small and grows to what the process holds: without it the initial heap is a 64th of the
            // machine, so the whole -Xmx (docs/performance.md, "Memory"). 48 MB, not 16: the serial collector sizes
            // its young generation only when it collects the whole heap, and starts it at a third of this.
            cmd.add("-Xms48m");
            // With C1 alone 48 MB are reserved for compiled code, and by default every 7.2 MB compiled cost a full
            // collection: in a service, one in every start, before it is ready, and two or three in the first minute
            // of load. The code it compiles stays in use, so those collections have nothing to unload (ADR 0027).
            cmd.add("-XX:SweeperThreshold=50");
        }
        // Half of each heap for the young generation instead of a third (ADR 0032): under the saga load the stack spent
        // 15-20% less CPU per order at 20 and 40 orders/s and confirmed within 150 ms at p99, at the same resident size.
        // Not Kafka's: the broker grew by 20 MB with it and spent no less CPU (its requests' objects die young anyway).
        if (spec.kind() != Kind.KAFKA) {
            cmd.add("-XX:NewRatio=1");
        }
        // A heap that is too small is a crash to see in ./mosaic status, not a process crawling from GC to GC.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        if (javaFeature >= 23) {
            // Kafka (and others) still use sun.misc.Unsafe; JDK 23+ warns about it on every start.
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        // The user's options, for every process, then for this one (MOSAIC_JAVA_OPTS_ORDERS): later on the line, so
        // they win over the ones above, and one process can be tried with other flags while the rest keep theirs.
        for (String variable : List.of("MOSAIC_JAVA_OPTS", "MOSAIC_JAVA_OPTS_" + spec.name().toUpperCase(Locale.ROOT))) {
            String extra = blankToNull(env.get(variable));
            if (extra != null) {
                cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
        }
        return cmd;
    }

    /**
     * The AOT cache a process starts with (see {@link AotCache}), unless {@code MOSAIC_AOT=off} or the JDK is older
     * than 25.
     */
    Optional<AotCache> aotCache(ServiceSpec spec) {
        return aotCache(spec, jvm(spec));
    }

    private Optional<AotCache> aotCache(ServiceSpec spec, List<String> options) {
        String mode = Optional.ofNullable(blankToNull(env.get("MOSAIC_AOT"))).orElse("on").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new IllegalArgumentException("MOSAIC_AOT must be 'on' (the default) or 'off' (got '" + env.get("MOSAIC_AOT") + "')");
        }
        if (mode.equals("off")) {
            return Optional.empty();
        }
        return aotJar(spec).map(jar -> AotCache.of(jar, spec.name(), javaFeature, java.getParent().getParent(), options));
    }

    /**
     * The jar a process's AOT cache is keyed by and kept beside: a service's or the gateway's own; for Kafka, the first
     * entry of the classpath the broker runs from (this orchestrator's jar, its libraries beside it), when it is a jar.
     */
    private Optional<Path> aotJar(ServiceSpec spec) {
        if (spec.kind() != Kind.KAFKA) {
            return artifact(spec);
        }
        String first = devstackClasspath.split(File.pathSeparator, 2)[0];
        return first.endsWith(".jar") ? Optional.of(Path.of(first)) : Optional.empty();
    }

    /**
     * The gateway and every service verify tokens of the development issuer: customers' tokens, and workload tokens
     * (audience = the callee's name). Each process gets its own workload tokens, one file per service it may call,
     * as a Kubernetes projected token volume holds them. Local runs only.
     */
    private void auth(List<String> cmd, ServiceSpec self) {
        DevIssuer issuer = issuer();
        cmd.add("-Dmosaic.auth.jwks-file=" + issuer.jwksFile());
        cmd.add("-Dmosaic.auth.issuer=" + DevIssuer.ISSUER);
        cmd.add("-Dmosaic.auth.audience=" + DevIssuer.AUDIENCE);
        cmd.add("-Dmosaic.workload-auth.jwks-file=" + issuer.jwksFile());
        cmd.add("-Dmosaic.workload-auth.issuer=" + DevIssuer.ISSUER);
        Path tokens = workloadTokenDir(self);
        issuer.writeWorkloadTokens(tokens, self.name(),
                services().stream().filter(s -> !s.equals(self)).map(ServiceSpec::name).toList(), WORKLOAD_TOKEN_TTL);
        cmd.add("-Dmosaic.workload.token-dir=" + tokens);
    }

    /** Rewritten at every start of the process; a stack left running longer than this needs a restart of the caller. */
    static final Duration WORKLOAD_TOKEN_TTL = Duration.ofDays(7);

    /** Where {@code self}'s workload tokens are written ({@code MOSAIC_HOME/auth/workloads/<name>/<callee>}). */
    public Path workloadTokenDir(ServiceSpec self) {
        return home.resolve("auth").resolve("workloads").resolve(self.name());
    }

    /** Where every other service listens ({@code mosaic.upstream.<name>}), so ports can shift together. */
    private void upstreams(List<String> cmd, ServiceSpec self) {
        for (ServiceSpec service : services()) {
            if (!service.equals(self)) {
                String url = upstreamOverrides.getOrDefault(self.name(), Map.of()).getOrDefault(service.name(), url(service));
                cmd.add("-Dmosaic.upstream." + service.name() + "=" + url);
            }
        }
    }

    private void serverProperties(List<String> cmd, ServiceSpec spec) {
        cmd.add("-Dserver.host=127.0.0.1");
        cmd.add("-Dserver.port=" + port(spec));
        cmd.add("-Dmosaic.data.dir=" + workDir(spec));
    }

    private ServiceSpec kafka() {
        return specs.stream().filter(s -> s.kind() == Kind.KAFKA).findFirst()
                .orElseThrow(() -> new IllegalStateException("The stack has no Kafka broker"));
    }

    static String postgresUrl(String adminUrl, String database) {
        Matcher m = PG_URL.matcher(adminUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("MOSAIC_PG_ADMIN_URL must look like jdbc:postgresql://host:port/postgres"
                    + " (got '" + adminUrl + "')");
        }
        return m.group(1) + "/" + database + (m.group(2) == null ? "" : m.group(2));
    }

    private static int parsePortOffset(String value, List<ServiceSpec> specs) {
        int highest = specs.stream().mapToInt(ServiceSpec::basePort).max().orElse(0) + 1;
        int max = 65535 - highest;
        if (blankToNull(value) == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(value.trim());
            if (offset >= 0 && offset <= max) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("MOSAIC_PORT_OFFSET must be a whole number from 0 to " + max
                + " (got '" + value + "')");
    }

    private static boolean parseDbMode(String value) {
        String mode = blankToNull(value) == null ? "h2" : value.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "h2" -> false;
            case "postgres", "postgresql" -> true;
            default -> throw new IllegalArgumentException("MOSAIC_DB must be 'h2' (the default) or 'postgres'"
                    + " (got '" + value + "')");
        };
    }

    private long parseSeconds(String variable, long defaultSeconds) {
        String value = blankToNull(env.get(variable));
        if (value == null) {
            return defaultSeconds;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be a number of seconds greater than 0 (got '" + value + "')");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
