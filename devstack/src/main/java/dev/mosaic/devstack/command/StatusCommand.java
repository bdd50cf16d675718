package dev.mosaic.devstack.command;

import picocli.CommandLine.Command;

/** {@code status}: a table of every process with its pid, port and health; exit 3 unless all of them are UP. */
@Command(name = "status", header = "name, pid, port and health of every process (exit 3 unless all are UP)",
        description = "Asks every running process whether it is ready (/health/ready; Kafka: its metadata) and prints"
                + " one line per process.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every process is UP", "3:one or more is not running or not ready"})
public final class StatusCommand extends StackCommand {

    /** The exit status when not every process is up. */
    static final int NOT_ALL_UP = 3;

    public StatusCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ProcessTable table = ProcessTable.of(context.lifecycle(), false);
        table.print(context.out());
        return table.allUp() ? 0 : NOT_ALL_UP;
    }
}
