package dev.mosaic.drill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The saga benchmark's tables and its section of docs/performance.md. */
public final class SagaBenchReport {

    /** The confirmation latency a sustained rate must keep its p99 under (issue 11's target). */
    public static final double TARGET_P99_MILLIS = 250;
    static final String BEGIN = "<!-- bench saga: begin (written by ./mosaic bench saga; edits inside are overwritten) -->";
    static final String END = "<!-- bench saga: end -->";

    /**
     * Where and how the numbers were taken.
     *
     * @param date      when the run started, e.g. {@code 2026-12-04 23:40 UTC}
     * @param commit    {@code git rev-parse --short HEAD}, with a note when the tree had local changes
     * @param cores     processors the JVM sees ({@code nproc})
     * @param cpuModel  model name of /proc/cpuinfo
     * @param jdk       the JDK every process ran on
     * @param database  H2 or PostgreSQL, as the stack ran
     * @param command   the options the run was given
     * @param load      load average at the start and at the end
     */
    public record Header(String date, String commit, int cores, String cpuModel, String jdk, String database,
                         String command, String load) {
    }

    private SagaBenchReport() {
    }

    /** The highest rate sustained (see {@link LevelResult#sustained}); empty when none was. */
    public static OptionalInt highestSustained(List<LevelResult> results) {
        return results.stream().filter(r -> r.sustained(TARGET_P99_MILLIS)).mapToInt(LevelResult::rate).max();
    }

    /** Throughput, latencies, errors and checks, one row per level. */
    public static String table(List<LevelResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("| offered/s | placed/s | confirmed/s | place p50 / p99 ms | confirm p50 / p99 ms, client"
                + " | confirm p50 / p99 ms, server | polls/order | errors | unfinished | checks |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (LevelResult r : results) {
            md.append("| ").append(r.rate())
                    .append(" | ").append(rate(r.placedPerSecond()))
                    .append(" | ").append(rate(r.confirmedPerSecond()))
                    .append(" | ").append(latency(r.place()))
                    .append(" | ").append(latency(r.confirmClient()))
                    .append(" | ").append(latency(r.confirmServer()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", r.pollsPerOrder()))
                    .append(" | ").append(errors(r))
                    .append(" | ").append(r.unfinished())
                    .append(" | ").append(checks(r))
                    .append(" |\n");
        }
        return md.toString();
    }

    /**
     * CPU ms per placed order of each process, the stack's total, the part of that total its JIT compilers spent
     * (large while the JVMs are young: what a cold instance pays on top of the work), and the load generator's own.
     */
    public static String cpuTable(List<LevelResult> results, List<String> processes) {
        List<String> columns = new ArrayList<>(processes);
        columns.addAll(List.of("stack", "of which JIT compiling", "bench (load generator)"));
        StringBuilder md = header(columns);
        for (LevelResult r : results) {
            md.append("| ").append(r.rate());
            double stack = 0;
            double jit = 0;
            for (String p : processes) {
                Double ms = r.cpuMsPerOrder().get(p);
                stack += ms == null ? 0 : ms;
                jit += r.threadMsPerOrder().getOrDefault(p, LevelResult.Threads.NONE).jit();
                md.append(" | ").append(ms == null ? "n/a" : fixed(ms, 2));
            }
            Double bench = r.cpuMsPerOrder().get(SagaBench.SELF);
            md.append(" | ").append(fixed(stack, 2)).append(" | ").append(fixed(jit, 2))
                    .append(" | ").append(bench == null ? "n/a" : fixed(bench, 2)).append(" |\n");
        }
        return md.toString();
    }

    /**
     * CPU ms per placed order of the event consumer and the outbox relay of each process that has them: the part of a
     * service's CPU the saga's asynchronous side spends (the rest is requests, gRPC, the collector and the JIT).
     */
    public static String threadTable(List<LevelResult> results, List<String> processes) {
        List<String> services = processes.stream().filter(p -> results.stream().anyMatch(r -> {
            LevelResult.Threads t = r.threadMsPerOrder().getOrDefault(p, LevelResult.Threads.NONE);
            return t.consumer() > 0 || t.relay() > 0;
        })).toList();
        if (services.isEmpty()) {
            return "";
        }
        List<String> columns = new ArrayList<>(services.stream().map(p -> p + " consumer / relay").toList());
        columns.add("consumers and relays");
        StringBuilder md = header(columns);
        for (LevelResult r : results) {
            md.append("| ").append(r.rate());
            double sum = 0;
            for (String p : services) {
                LevelResult.Threads t = r.threadMsPerOrder().getOrDefault(p, LevelResult.Threads.NONE);
                sum += t.consumer() + t.relay();
                md.append(" | ").append(fixed(t.consumer(), 2)).append(" / ").append(fixed(t.relay(), 2));
            }
            md.append(" | ").append(fixed(sum, 2)).append(" |\n");
        }
        return md.toString();
    }

    /**
     * Resident memory of each process and the size of each service's H2 database file (when the stack runs on H2) as
     * each level's measured window ended, and the consumers' lag after it.
     */
    public static String memoryTable(List<LevelResult> results, List<String> processes) {
        List<String> databases = processes.stream()
                .filter(p -> results.stream().anyMatch(r -> r.databaseMib().containsKey(p))).toList();
        List<String> columns = new ArrayList<>(processes.stream().map(p -> p + " MiB").toList());
        columns.add("bench MiB");
        columns.addAll(databases.stream().map(p -> p + " database MiB").toList());
        columns.add("consumer lag");
        StringBuilder md = header(columns);
        for (LevelResult r : results) {
            md.append("| ").append(r.rate());
            for (String p : processes) {
                Long mib = r.rssMib().get(p);
                md.append(" | ").append(mib == null ? "n/a" : mib);
            }
            Long bench = r.rssMib().get(SagaBench.SELF);
            md.append(" | ").append(bench == null ? "n/a" : bench);
            for (String p : databases) {
                Long mib = r.databaseMib().get(p);
                md.append(" | ").append(mib == null ? "n/a" : mib);
            }
            md.append(" | ").append(r.lag() < 0 ? "n/a" : Long.toString(r.lag())).append(" |\n");
        }
        return md.toString();
    }

    /** A per-level table's header and separator: the offered rate, then {@code columns}, all right-aligned. */
    private static StringBuilder header(List<String> columns) {
        StringBuilder md = new StringBuilder("| offered/s | ").append(String.join(" | ", columns)).append(" |\n|---:|");
        return md.append("---:|".repeat(columns.size())).append('\n');
    }

    /** The sentence naming the highest sustained rate. */
    public static String verdict(List<LevelResult> results) {
        OptionalInt best = highestSustained(results);
        String target = "confirm p99 ≤ " + (int) TARGET_P99_MILLIS + " ms as the client sees it, at least 95% of the"
                + " offered orders placed, every accepted order finished and stock and money conserved";
        return best.isPresent()
                ? "**Highest rate sustained: " + best.getAsInt() + " orders/s** (" + target + ")."
                : "**No rate was sustained** (" + target + ").";
    }

    /** The section of docs/performance.md, markers excluded. */
    public static String section(Header h, List<LevelResult> results, List<String> processes) {
        return """
                ## Saga throughput

                Measured %s by `./mosaic bench saga` (bench/README.md) at commit %s, with `%s`.

                | machine | |
                |---|---|
                | CPU | %d cores, %s |
                | JDK | %s |
                | database | %s |
                | load average (1/5/15 min) | %s |

                %s
                %s
                CPU ms per placed order, by process (from /proc/<pid>/stat, over each measured window):

                %s
                Of that, CPU ms per placed order in each service's Kafka event consumer and outbox relay threads (from
                /proc/<pid>/task/<tid>/stat):

                %s
                Resident memory (VmRSS) and, on H2, the size of each service's database file as each level's measured
                window ended, and the services' consumer lag (records not yet read):

                %s
                *offered*: orders due per second, open loop (each order is sent when it is due, whatever the answers
                before it). *placed*: of those, accepted (202), at once or when sent again with the same Idempotency-Key.
                *place*: the first POST /api/orders through the gateway, from the moment the order was due to its answer.
                *errors*: answers other than 202, resends included.
                *confirm, client*: from the moment the order was due until a GET /api/orders/{id} showed it CONFIRMED
                (a read waiting for the order's next change; with --poll, up to one poll interval late).
                *confirm, server*: orders' own createdAt → updatedAt. *polls/order*: status reads per placed order.
                *checks*: after each level, with no load, every accepted order ended CONFIRMED or CANCELLED with the
                right charge, and stock is conserved (the drill's SagaChecks).
                """.formatted(h.date(), h.commit(), h.command(), h.cores(), h.cpuModel(), h.jdk(), h.database(), h.load(),
                verdict(results), "\n" + table(results), cpuTable(results, processes), threadTable(results, processes),
                memoryTable(results, processes));
    }

    /** {@code doc} with the section between the markers replaced, or appended with its markers when absent. */
    public static String replaceSection(String doc, String section) {
        String block = BEGIN + "\n" + section.stripTrailing() + "\n" + END;
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin >= 0 && end > begin) {
            return doc.substring(0, begin) + block + doc.substring(end + END.length());
        }
        String base = doc.isEmpty() || doc.endsWith("\n\n") ? doc : doc.endsWith("\n") ? doc + "\n" : doc + "\n\n";
        return base + block + "\n";
    }

    private static String latency(LevelResult.Latency l) {
        return l.count() == 0 ? "n/a" : fixed(l.p50(), 1) + " / " + fixed(l.p99(), 1);
    }

    private static String errors(LevelResult r) {
        if (r.errors().isEmpty()) {
            return "none";
        }
        return r.errors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String checks(LevelResult r) {
        if (r.clean()) {
            return "ok";
        }
        StringBuilder s = new StringBuilder();
        if (r.unknown() > 0) {
            s.append(r.unknown()).append(" placements unknown; ");
        }
        if (r.unfinished() > 0) {
            s.append(r.unfinished()).append(" unfinished; ");
        }
        if (r.problems() > 0) {
            s.append(r.problems()).append(" not conserved; ");
        }
        return "**FAIL**: " + s.toString().replaceAll("; $", "");
    }

    private static String rate(double perSecond) {
        return fixed(perSecond, 1);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
