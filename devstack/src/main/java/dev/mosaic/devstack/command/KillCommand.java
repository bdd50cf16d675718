package dev.mosaic.devstack.command;

import java.util.OptionalLong;

import dev.mosaic.devstack.StackLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kill <name>}: kills one process with SIGKILL, to watch the rest of the stack survive it. */
@Command(name = "kill", header = "kill one process with SIGKILL (failure drills)",
        description = "Kills the process with SIGKILL, without a chance to finish what it does; ./mosaic start brings"
                + " it back.")
public final class KillCommand extends StackCommand {

    @Parameters(paramLabel = "<name>", description = "the process: kafka, a service or gateway")
    private String name;

    public KillCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StackLifecycle lifecycle = context.lifecycle();
        String process = lifecycle.process(name).name();
        OptionalLong pid = lifecycle.processes().kill(process);
        if (pid.isEmpty()) {
            context.err().println("mosaic: " + process + " is not running; nothing to kill.");
            return 1;
        }
        context.out().println("killed " + process + " (pid " + pid.getAsLong() + ") with SIGKILL");
        return 0;
    }
}
