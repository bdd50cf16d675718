package dev.mosaic.devstack.command;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command of {@code ./mosaic} that works on the stack of its context; {@link #call()} returns the exit status.
 * Public for the commands other modules add ({@link CommandExtension}).
 */
public abstract class StackCommand implements Callable<Integer> {

    protected final CommandContext context;

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    protected StackCommand(CommandContext context) {
        this.context = context;
    }

    /** An argument found wrong after parsing: reported as picocli reports its own, with the usage, exit status 2. */
    protected ParameterException wrongArgument(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
