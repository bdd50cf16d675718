package dev.mosaic.devstack.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.mosaic.devstack.Mosaic;
import dev.mosaic.devstack.command.CommandContext;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code ./mosaic} in this JVM, with what it prints captured, for tests of its command line: the whole command line
 * of the class path, with the commands of every extension on it. Its stack must not be read (AssertionError): parsing,
 * help and a wrong option never read the environment, only a command that runs does. Shared with other modules'
 * tests (devstack's test-jar holds this package only).
 */
public final class CapturedMosaic {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandContext context = new CommandContext(() -> {
        throw new AssertionError("a command ran");
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

    /** The command line, as {@code ./mosaic} builds it. */
    public CommandLine commandLine() {
        return Mosaic.commandLine(context);
    }

    /** The parse result of the command (the subcommand) in {@code args}. */
    public ParseResult parse(String... args) {
        return commandLine().parseArgs(args).subcommand();
    }

    /** Runs {@code args}, after forgetting what earlier runs printed; returns the exit status. */
    public int run(String... args) {
        out.reset();
        err.reset();
        return Mosaic.run(context, args);
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
