package dev.mosaic.drill.command;

import java.util.ArrayList;
import java.util.List;

import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.devstack.command.CommandExtension;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * What this module adds to {@code ./mosaic} (registered in META-INF/services): {@code drill}, listed after the
 * orchestrator's own commands, and {@code bench-saga}, not listed, which bench/saga/run hands over to; the saga
 * benchmark gets its line in {@code help bench}.
 */
public final class DrillCommands implements CommandExtension {

    /** The saga benchmark's line in {@code help bench}, among the others ("  name   what it measures"). */
    static final String SAGA_BENCH_LINE = "  saga      orders per second through the saga at fixed arrival rates,"
            + " on a stack of its own";

    @Override
    public void addCommands(CommandLine mosaic, CommandContext context) {
        mosaic.addSubcommand(new DrillCommand(context));
        mosaic.addSubcommand(new BenchSagaCommand(context));
        CommandLine bench = mosaic.getSubcommands().get("bench");
        if (bench != null) {
            UsageMessageSpec usage = bench.getCommandSpec().usageMessage();
            usage.description(withBenchmark(usage.description(), SAGA_BENCH_LINE));
        }
    }

    /** {@code lines} with {@code line} before the first benchmark's line that sorts after it (by name), or last. */
    static String[] withBenchmark(String[] lines, String line) {
        List<String> all = new ArrayList<>(List.of(lines));
        int at = 0;
        while (at < all.size() && !(all.get(at).startsWith("  ") && all.get(at).compareTo(line) > 0)) {
            at++;
        }
        all.add(at, line);
        return all.toArray(String[]::new);
    }
}
