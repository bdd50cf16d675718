package dev.mosaic.devstack.command;

import picocli.CommandLine.Command;

/**
 * {@code bench <name> [options]}: runs the benchmark script {@code bench/<name>/run} (bench/README.md). The
 * ./mosaic launcher hands {@code bench} to {@code bench/run} itself, without building the orchestrator first; this
 * command does the same for a direct call. A {@link CommandExtension} whose module has a benchmark there adds a
 * line for it to the description.
 */
@Command(name = "bench", header = "benchmarks of bench/ (./mosaic bench lists them); bench/README.md",
        customSynopsis = "./mosaic bench <name> [options]",
        description = {"Runs bench/<name>/run, which builds what it measures; ./mosaic bench <name> --help lists a"
                + " benchmark's options.",
                "  gateway   the gateway against nginx and a direct call",
                "  startup   time to first answer and memory of every process"})
public final class BenchCommand extends PassThroughCommand {

    public BenchCommand(CommandContext context) {
        super(context, "bench/run");
    }
}
