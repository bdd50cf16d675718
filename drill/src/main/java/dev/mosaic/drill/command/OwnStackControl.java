package dev.mosaic.drill.command;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

import dev.mosaic.devstack.DevTokens;
import dev.mosaic.devstack.Mosaic;
import dev.mosaic.devstack.Stack;
import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.drill.StackControl;
import dev.mosaic.drill.TokenSource;

/**
 * A command's hold on a stack of its own (the drill's, the saga benchmark's): the same up, down, kill and start a
 * user types, run on that stack, with what they print indented under the command's step.
 */
record OwnStackControl(CommandContext context) implements StackControl {

    /**
     * Whether {@code who} may start a stack of its own: not while any process of the context's stack runs, since
     * the own stack takes its ports; then it says so on err.
     */
    static boolean fits(CommandContext context, String who) {
        Set<String> running = context.lifecycle().running();
        if (running.isEmpty()) {
            return true;
        }
        context.err().println("mosaic: " + who + " runs a stack of its own on this stack's ports, and "
                + String.join(", ", running) + " of this stack run. Stop it with ./mosaic down, or run " + who
                + " beside it with another MOSAIC_PORT_OFFSET.");
        return false;
    }

    /** Controls for each own stack the command makes, printing through {@code context}. */
    static Function<Stack, StackControl> controls(CommandContext context) {
        return ownStack -> new OwnStackControl(context.ownStack(ownStack));
    }

    /** Tokens of the development issuer an own stack's up created in its MOSAIC_HOME/auth. */
    static Function<Path, TokenSource> tokens(String adminName) {
        return home -> new TokenSource() {
            @Override
            public String customer(String customerId) {
                return DevTokens.issue(home, customerId, false);
            }

            @Override
            public String admin() {
                return DevTokens.issue(home, adminName, true);
            }
        };
    }

    @Override
    public boolean up() {
        return Mosaic.run(context, "up", "--detach") == 0;
    }

    @Override
    public void down() {
        Mosaic.run(context, "down");
    }

    @Override
    public boolean kill(String name) {
        return Mosaic.run(context, "kill", name) == 0;
    }

    @Override
    public boolean start(String name) {
        return Mosaic.run(context, "start", name) == 0;
    }
}
