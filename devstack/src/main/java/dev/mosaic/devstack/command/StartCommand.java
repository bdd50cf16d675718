package dev.mosaic.devstack.command;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.Stack;
import dev.mosaic.devstack.StackLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code start <name>}: starts one process again and waits until it is ready; Ctrl-C meanwhile stops it again. */
@Command(name = "start", header = "start one process again and wait until it is ready",
        description = "Starts the process as ./mosaic up does and waits until it is ready; if it does not get ready,"
                + " prints the end of its log and stops it again.")
public final class StartCommand extends StackCommand {

    @Parameters(paramLabel = "<name>", description = "the process: kafka, a service or gateway")
    private String name;

    public StartCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StackLifecycle lifecycle = context.lifecycle();
        Stack stack = lifecycle.stack();
        PrintStream out = context.out();
        ServiceSpec spec = lifecycle.process(name);
        OptionalLong running = lifecycle.processes().pid(name);
        if (running.isPresent()) {
            out.println(name + " is already running (pid " + running.getAsLong() + ", " + stack.url(spec) + ")");
            return 0;
        }
        Optional<String> problem = lifecycle.preflight(List.of(spec), out::println);
        if (problem.isPresent()) {
            context.err().println("mosaic: " + problem.get());
            return 1;
        }
        StackLifecycle.Start start = lifecycle.start(List.of(spec), out::println,
                started -> lifecycle.stop(started, false, out::println));
        if (!start.ready()) {
            start.abandon(name, context.err());
            return 1;
        }
        if (!start.disarm()) {
            return StackLifecycle.awaitShutdown();
        }
        out.println(name + " is up: " + stack.url(spec));
        return 0;
    }
}
