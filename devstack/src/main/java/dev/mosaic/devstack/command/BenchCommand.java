package dev.mosaic.devstack.command;

import picocli.CommandLine.Command;

/**
 * {@code bench <name> [options]}: runs the benchmark script {@code bench/<name>/run} (bench/README.md). The
 * ./mosaic launcher hands {@code bench} to {@code bench/run} itself, without building the orchestrator first; this
 * command does the same for a direct call.
 */
@Command(name = "bench", header = "benchmarks: gateway, saga (orders per second), startup; bench/README.md",
        customSynopsis = "./mosaic bench <name> [options]",
        description = {"Runs bench/<name>/run, which builds what it measures: gateway (the gateway against nginx and a"
                + " direct call), saga (orders per second through the saga at fixed arrival rates, on a stack of its"
                + " own in MOSAIC_HOME/bench-saga), startup (time to first answer and memory of every process).",
                "./mosaic bench <name> --help lists a benchmark's options."})
public final class BenchCommand extends PassThroughCommand {

    public BenchCommand(CommandContext context) {
        super(context, "bench/run");
    }
}
