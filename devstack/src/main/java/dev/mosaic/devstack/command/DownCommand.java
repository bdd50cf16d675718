package dev.mosaic.devstack.command;

import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.StackLifecycle;
import picocli.CommandLine.Command;

/**
 * {@code down}: stops every process of the stack gracefully, the gateway first, then the services, Kafka last,
 * including processes of this stack whose pid file was lost.
 */
@Command(name = "down", header = "stop everything, gracefully: gateway, services, then Kafka",
        description = "Stops every process with SIGTERM, the gateway first, then the services, Kafka last; one that has"
                + " not stopped by its deadline gets SIGKILL. Processes of this MOSAIC_HOME whose pid file was lost"
                + " are found by their command line.")
public final class DownCommand extends StackCommand {

    public DownCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StackLifecycle lifecycle = context.lifecycle();
        if (lifecycle.running().isEmpty() && lifecycle.processes().findAll().isEmpty()) {
            lifecycle.stack().specs().stream().map(ServiceSpec::name).forEach(lifecycle.processes()::forget);
            context.out().println("Nothing is running (MOSAIC_HOME=" + lifecycle.stack().home() + ").");
            return 0;
        }
        lifecycle.stopAll(context.out()::println);
        return 0;
    }
}
