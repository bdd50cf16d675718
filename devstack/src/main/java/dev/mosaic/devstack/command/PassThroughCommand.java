package dev.mosaic.devstack.command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Unmatched;

/**
 * A command that runs a program of the repository in the foreground with every argument as given (so even
 * {@code --help} is the program's), on the JDK of this JVM; the program's exit status is the command's.
 */
abstract class PassThroughCommand implements Callable<Integer> {

    private final CommandContext context;
    private final String program;
    private final List<String> leading;

    @Unmatched
    private List<String> args = new ArrayList<>();

    /**
     * @param program the program's path in the repository
     * @param leading the arguments that come before the user's
     */
    PassThroughCommand(CommandContext context, String program, String... leading) {
        this.context = context;
        this.program = program;
        this.leading = List.of(leading);
    }

    @Override
    public Integer call() throws IOException {
        List<String> command = new ArrayList<>(List.of(context.stack().repo().resolve(program).toString()));
        command.addAll(leading);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(context.stack().repo().toFile()).inheritIO();
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (Runtime.version().feature() >= 23) {
            // Maven's own libraries use sun.misc.Unsafe; JDK 23+ warns about it on every build.
            builder.environment().merge("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow", (a, b) -> a + " " + b);
        }
        try {
            return builder.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
