package dev.mosaic.drill.command;

import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.devstack.command.StackCommand;
import dev.mosaic.drill.bench.SagaBench;
import dev.mosaic.drill.bench.SagaBenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-saga}: the saga benchmark, orders per second through the whole saga at fixed arrival rates, on a stack
 * of its own. Users run it as {@code ./mosaic bench saga}; bench/saga/run hands over here once the reactor is built,
 * so the command is not listed.
 */
@Command(name = "bench-saga", hidden = true, header = "the saga benchmark (run it as ./mosaic bench saga)",
        description = "Orders per second through the saga at fixed arrival rates, on a stack of its own"
                + " (MOSAIC_HOME/bench-saga); bench/README.md explains it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every level's checks passed (whatever the speed)", "1:otherwise", "2:a wrong option"})
public final class BenchSagaCommand extends StackCommand {

    @Option(names = "--levels", paramLabel = "LIST", defaultValue = "25,50,100,200,300,400",
            description = "arrival rates in orders per second, commas or spaces (default ${DEFAULT-VALUE})")
    private String levels;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "30",
            description = "measured seconds per level (default ${DEFAULT-VALUE})")
    private int duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
            description = "seconds at the level's rate before each measurement, not measured (default ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "200",
            description = "customers the orders come from; the gateway limits each (default ${DEFAULT-VALUE})")
    private int customers;

    @Option(names = "--poll", description = "follow each order by polling its status, not one read per change of it")
    private boolean poll;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "50",
            description = "with --poll: pause between two status reads of an open order (default ${DEFAULT-VALUE})")
    private int pollMillis;

    @Option(names = "--no-write", description = "print the results only; leave docs/performance.md alone")
    private boolean noWrite;

    public BenchSagaCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        SagaBenchOptions options = SagaBenchOptions.of(levels, duration, warmup, customers, pollMillis, poll, !noWrite);
        if (!OwnStackControl.fits(context, "the saga benchmark")) {
            return 1;
        }
        return new SagaBench(context.stack(), options, context.out(), OwnStackControl.controls(context),
                OwnStackControl.tokens("bench-admin")).run();
    }
}
