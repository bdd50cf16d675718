package dev.mosaic.devstack;

import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.devstack.command.CommandExtension;
import dev.mosaic.devstack.command.StackCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A module's commands as the orchestrator finds them: registered for this module's tests only, in
 * src/test/resources/META-INF/services, so the packaged orchestrator never has it.
 */
public final class ProbeCommands implements CommandExtension {

    @Override
    public void addCommands(CommandLine mosaic, CommandContext context) {
        mosaic.addSubcommand(new ProbeCommand(context));
    }

    @Command(name = "probe", header = "a command another module adds", description = "Prints what it was given.")
    static final class ProbeCommand extends StackCommand {

        @Option(names = "--times", paramLabel = "N", defaultValue = "1", description = "how often to say it")
        private int times;

        ProbeCommand(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            context.out().println("probe ran " + times + " time(s)");
            return 0;
        }
    }
}
