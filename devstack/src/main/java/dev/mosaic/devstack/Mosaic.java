package dev.mosaic.devstack;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.mosaic.devstack.command.BenchCommand;
import dev.mosaic.devstack.command.CommandContext;
import dev.mosaic.devstack.command.CommandExtension;
import dev.mosaic.devstack.command.DownCommand;
import dev.mosaic.devstack.command.HelpOption;
import dev.mosaic.devstack.command.KillCommand;
import dev.mosaic.devstack.command.LogsCommand;
import dev.mosaic.devstack.command.StartCommand;
import dev.mosaic.devstack.command.StatusCommand;
import dev.mosaic.devstack.command.TestCommand;
import dev.mosaic.devstack.command.TokenCommand;
import dev.mosaic.devstack.command.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ./mosaic} command: runs the shop on this machine. Each subcommand is a class of
 * {@link dev.mosaic.devstack.command}, or of another module on the class path that adds commands through a
 * {@link CommandExtension}; this one only dispatches, and turns mistakes into exit status 2.
 */
@Command(name = "./mosaic", synopsisHeading = "Usage: ", customSynopsis = "./mosaic <command> [options]",
        commandListHeading = "%nCommands:%n")
public final class Mosaic implements Callable<Integer> {

    /** Exit status of a wrong command, option or environment variable. */
    static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;
    private static final int USAGE_WIDTH = 116;

    // JUL keeps loggers weakly; holding them keeps the levels set below.
    private static final Logger ROOT_LOGGER = Logger.getLogger("");
    private static final Logger KAFKA_LOGGER = Logger.getLogger("org.apache.kafka");

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    private Mosaic() {
    }

    public static void main(String[] args) {
        // The probe's Kafka client logs every refused connection while the broker starts; errors are ours to report.
        ROOT_LOGGER.setLevel(Level.WARNING);
        KAFKA_LOGGER.setLevel(Level.OFF);
        boolean colour = Boolean.getBoolean("mosaic.tty") && System.getenv("NO_COLOR") == null;
        int code = run(new CommandContext(Stack::fromEnvironment, System.out, System.err, colour), args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line on the context's stack; returns its exit status. */
    public static int run(CommandContext context, String... args) {
        return commandLine(context).execute(args);
    }

    /**
     * The command line of {@code ./mosaic}: every command, in the order the usage lists them: this module's, then
     * those the extensions on the class path add, then {@code help}.
     */
    public static CommandLine commandLine(CommandContext context) {
        CommandLine commandLine = new CommandLine(new Mosaic())
                .addSubcommand(new UpCommand(context))
                .addSubcommand(new DownCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new LogsCommand(context))
                .addSubcommand(new KillCommand(context))
                .addSubcommand(new StartCommand(context))
                .addSubcommand(new TestCommand(context))
                .addSubcommand(new TokenCommand(context))
                .addSubcommand(new BenchCommand(context));
        for (CommandExtension extension : ServiceLoader.load(CommandExtension.class, Mosaic.class.getClassLoader())) {
            extension.addCommands(commandLine, context);
        }
        commandLine.addSubcommand(new HelpCommand());
        commandLine.getCommandSpec().usageMessage().footer(footer());
        commandLine.getSubcommands().get("help").getCommandSpec().usageMessage()
                .header("this list; help <command>: what the command does and its options");
        // A command's --help: its synopsis, description, arguments and options, each after a blank line.
        commandLine.getSubcommands().values().forEach(command -> command.getCommandSpec().usageMessage()
                .descriptionHeading("%n").parameterListHeading("%nArguments:%n").optionListHeading("%nOptions:%n"));
        // An argument that starts with @ is an argument, not a file to read arguments from; an option given twice
        // takes the last value, as a shell user expects.
        return commandLine.setExpandAtFiles(false)
                .setOverwrittenOptionsAllowed(true)
                .setUsageHelpWidth(USAGE_WIDTH)
                .setOut(writer(context.out()))
                .setErr(writer(context.err()))
                .setColorScheme(Help.defaultColorScheme(context.colour() ? Help.Ansi.ON : Help.Ansi.OFF))
                .setParameterExceptionHandler(Mosaic::wrongArguments)
                .setExecutionExceptionHandler(Mosaic::failed);
    }

    /** {@code ./mosaic} alone: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_ERROR;
    }

    /** What Processes and Environment the usage ends with. */
    private static String footer() {
        String names = ServiceSpec.ALL.stream().map(ServiceSpec::name).collect(Collectors.joining(", "));
        return """

                ./mosaic <command> --help shows a command's options.

                Processes: %s

                Environment:
                  MOSAIC_HOME            state directory: logs/, run/, data/, kafka/ (default <repo>/.mosaic)
                  MOSAIC_PORT_OFFSET     added to every port (default 0), to run a second stack beside the first;
                                         keep every port below the kernel's range of client ports (on Linux
                                         from 32768: an offset up to 23000), else a start can find one taken
                  MOSAIC_DB              h2 (default, one file per service) or postgres (one database and role
                                         per service, created if missing through MOSAIC_PG_ADMIN_URL, default
                                         %s, as MOSAIC_PG_ADMIN_USER, default postgres)
                  MOSAIC_DB_URL_<NAME>   JDBC URL of one service (e.g. MOSAIC_DB_URL_CATALOG); wins over MOSAIC_DB
                  MOSAIC_READY_TIMEOUT   seconds each process may take to get ready (default 120)
                  MOSAIC_JAVA_OPTS       extra JVM options for every process
                  MOSAIC_JAVA_OPTS_<NAME> extra JVM options for one process (e.g. MOSAIC_JAVA_OPTS_ORDERS), after
                                         those of MOSAIC_JAVA_OPTS
                  MOSAIC_SKIP_BUILD=1    start what is built, do not build first
                """.formatted(names, Stack.DEFAULT_PG_ADMIN_URL);
    }

    /**
     * A command or option that does not exist, a missing or malformed value: says which, then the usage (of a
     * command: its synopsis); status 2.
     */
    private static int wrongArguments(ParameterException e, String[] args) {
        CommandLine wrong = e.getCommandLine();
        PrintWriter err = wrong.getErr();
        err.println("mosaic: " + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        if (wrong.getParent() == null) {
            wrong.usage(err);
        } else {
            err.print(wrong.getHelp().fullSynopsis());
            err.println("./mosaic " + wrong.getCommandName() + " --help shows its options.");
        }
        return USAGE_ERROR;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            CommandLine wrong = e.getCommandLine();
            return wrong.getParent() == null ? "unknown command '" + first + "'"
                    : wrong.getCommandName() + " does not know '" + first + "'";
        }
        return e.getMessage();
    }

    /**
     * A command failed: a wrong environment variable or argument (IllegalArgumentException) is a usage error, status
     * 2; a file or process that could not be read or started, status 1. Anything else is a bug and shows its trace.
     */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException) {
            command.getErr().println("mosaic: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            command.getErr().println("mosaic: " + e.getMessage());
            return 1;
        }
        throw e;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true, StandardCharsets.UTF_8);
    }
}
