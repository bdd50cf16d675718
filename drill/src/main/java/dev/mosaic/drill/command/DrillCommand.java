package dev.mosaic.drill.command;

import java.util.List;

import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.devstack.command.StackCommand;
import dev.mosaic.drill.Drill;
import dev.mosaic.drill.DrillOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill}: the failure drill. On a stack of its own, under a steady load through the gateway, it breaks each
 * part in turn and checks that no order was lost, none charged twice and stock was conserved; exit 1 unless every
 * fault passed.
 */
@Command(name = "drill", header = "failure drill: break each part under load on a stack of its own; check nothing was lost",
        description = {"Starts a stack of its own (MOSAIC_HOME/drill, this stack's ports), drives a steady load through"
                + " the gateway, SIGKILLs and restarts each process, restarts Kafka, slows inventory down by 2 s and"
                + " stops PostgreSQL (MOSAIC_DB=postgres); checks that no order is lost, none charged twice and stock is"
                + " conserved, and prints a table."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every fault passed", "1:one or more failed, or the drill could not run", "2:a wrong option"})
public final class DrillCommand extends StackCommand {

    @Option(names = "--short", description = "orders, payments and slow inventory, a few seconds each (what CI runs)")
    private boolean isShort;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "how long each fault lasts (default 10, short 4)")
    private Integer seconds;

    @Option(names = "--customers", paramLabel = "N", description = "virtual customers of the load (default 6, short 4)")
    private Integer customers;

    @Option(names = "--faults", paramLabel = "a,b", split = ",", description = "only these faults, in this order")
    private List<String> faults;

    @Option(names = "--write-doc", description = "also write the report to docs/failure-modes.md")
    private boolean writeDoc;

    public DrillCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        DrillOptions options = DrillOptions.of(isShort, faults, seconds, customers, writeDoc);
        if (!OwnStackControl.fits(context, "the drill")) {
            return 1;
        }
        return new Drill(context.stack(), options, context.out(), OwnStackControl.controls(context),
                OwnStackControl.tokens("drill-admin")).run();
    }
}
