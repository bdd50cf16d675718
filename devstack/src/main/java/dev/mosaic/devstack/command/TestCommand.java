package dev.mosaic.devstack.command;

import picocli.CommandLine.Command;

/**
 * {@code test [maven args]}: the full test suite, {@code ./mvnw -B verify} with the arguments as given (so
 * {@code --help} here is Maven's), on the JDK ./mosaic found.
 */
@Command(name = "test", header = "run the full test suite: ./mvnw -B verify [maven args]",
        customSynopsis = "./mosaic test [maven args]",
        description = "Runs ./mvnw -B verify with the JDK ./mosaic found and the arguments as given, e.g."
                + " ./mosaic test -pl services/orders -am.")
public final class TestCommand extends PassThroughCommand {

    public TestCommand(CommandContext context) {
        super(context, "mvnw", "-B", "verify");
    }
}
