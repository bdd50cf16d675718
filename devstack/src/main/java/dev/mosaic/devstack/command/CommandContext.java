package dev.mosaic.devstack.command;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.mosaic.devstack.LogFollower;
import dev.mosaic.devstack.Stack;
import dev.mosaic.devstack.StackLifecycle;

/**
 * What every command works on: the stack, read from the environment only when a command needs it (so that
 * {@code help} works whatever the environment says), and where it prints.
 */
public final class CommandContext {

    private final Supplier<Stack> stacks;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;
    private StackLifecycle lifecycle;

    /** @param colour whether log prefixes and usage help may use ANSI colours (out is a terminal) */
    public CommandContext(Supplier<Stack> stacks, PrintStream out, PrintStream err, boolean colour) {
        this.stacks = stacks;
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean colour() {
        return colour;
    }

    /** The stack and its processes; the first call reads the environment (IllegalArgumentException if it is wrong). */
    public StackLifecycle lifecycle() {
        if (lifecycle == null) {
            lifecycle = new StackLifecycle(stacks.get());
        }
        return lifecycle;
    }

    public Stack stack() {
        return lifecycle().stack();
    }

    /** Prints log lines with the stack's process names as prefixes, each in its colour. */
    LogFollower logFollower() {
        return new LogFollower(out, colour, lifecycle().names());
    }

    /**
     * The context of a stack a command starts of its own (as the drill module's commands do): what it prints is
     * indented under the command's own lines.
     */
    public CommandContext ownStack(Stack own) {
        return new CommandContext(() -> own, indented(out), indented(err), false);
    }

    private static PrintStream indented(PrintStream stream) {
        return new PrintStream(new Indented(stream), true, StandardCharsets.UTF_8);
    }

    /** Indents what a command's own stack prints, so it reads as part of the command's step. */
    private static final class Indented extends FilterOutputStream {
        private boolean lineStart = true;

        Indented(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (lineStart) {
                out.write("    ".getBytes(StandardCharsets.UTF_8));
            }
            out.write(b);
            lineStart = b == '\n';
        }
    }
}
