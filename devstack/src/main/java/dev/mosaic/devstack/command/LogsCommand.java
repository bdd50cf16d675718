package dev.mosaic.devstack.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mosaic.devstack.LogFollower;
import dev.mosaic.devstack.OrderStory;
import dev.mosaic.devstack.StackLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code logs}: the last lines of one or every process's log, then whatever they write next, like {@code tail -f};
 * with {@code --order <id>}, one order's story from every log in time order, then it exits.
 */
@Command(name = "logs", header = "last lines of one or all logs, then follow them; or one order's story (--order)",
        description = {"Prints the last lines of one or all logs (kept in MOSAIC_HOME/logs), each prefixed with its"
                + " process, then follows them until Ctrl-C.",
                "With --order <id>: every JSON log line whose subject is <id> (or whose message names it), from all"
                        + " logs or the one named, in time order; then exits."})
public final class LogsCommand extends StackCommand {

    @Parameters(arity = "0..1", paramLabel = "<name>", description = "only this process's log")
    private String only;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50",
            description = "how many of the last lines to print first (default ${DEFAULT-VALUE})")
    private int lines;

    @Option(names = "--no-follow", description = "print the last lines and exit")
    private boolean noFollow;

    @Option(names = "--order", paramLabel = "<id>", description = "one order's story (the \"id\" POST /api/orders answered)")
    private String order;

    public LogsCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        if (order != null && order.isBlank()) {
            throw wrongArgument("--order needs an order id (the \"id\" that POST /api/orders answered)");
        }
        StackLifecycle lifecycle = context.lifecycle();
        List<String> names = only == null ? lifecycle.names() : List.of(lifecycle.process(only).name());
        if (order != null) {
            return orderStory(lifecycle, order.strip(), names);
        }
        LogFollower follower = context.logFollower();
        boolean any = false;
        for (String name : names) {
            Path log = lifecycle.processes().logFile(name);
            any |= Files.exists(log);
            follower.follow(name, log, follower.printLast(name, log, lines));
        }
        if (noFollow) {
            if (!any) {
                context.err().println("mosaic: no logs yet in " + lifecycle.stack().logDir() + "; ./mosaic up starts the stack.");
                return 1;
            }
            return 0;
        }
        follower.start();
        return StackLifecycle.awaitShutdown(); // until Ctrl-C, like tail -f
    }

    /** Prints every JSON line about one order from the logs, oldest first, then exits (no following). */
    private int orderStory(StackLifecycle lifecycle, String orderId, List<String> names) throws IOException {
        Map<String, Path> logs = new LinkedHashMap<>();
        names.forEach(name -> logs.put(name, lifecycle.processes().logFile(name)));
        List<OrderStory.Line> story = OrderStory.of(orderId, logs);
        if (story.isEmpty()) {
            context.err().println("mosaic: no log line in " + lifecycle.stack().logDir() + " is about order " + orderId
                    + "; check the id (GET /api/orders lists yours) or whether the stack that ran it used this MOSAIC_HOME.");
            return 1;
        }
        LogFollower follower = context.logFollower();
        story.forEach(line -> context.out().println(follower.prefix(line.process()) + line.text()));
        context.out().flush();
        return 0;
    }
}
