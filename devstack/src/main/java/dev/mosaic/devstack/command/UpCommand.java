package dev.mosaic.devstack.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.mosaic.devstack.LogFollower;
import dev.mosaic.devstack.ProcessControl;
import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.ServiceSpec.Kind;
import dev.mosaic.devstack.Stack;
import dev.mosaic.devstack.StackLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code up}: starts Kafka, every service and the gateway and waits until all are ready, then prints where the shop
 * is and a customer token. In the foreground it streams every log until Ctrl-C, which stops everything; with
 * {@code --detach} it returns once all are ready and leaves them running.
 */
@Command(name = "up",
        header = "start Kafka, every service and the gateway; stream their logs until Ctrl-C stops everything",
        description = {"Builds what is stale (./mosaic does that before this runs), starts Kafka, every service and"
                + " the gateway, and waits until all are ready. Then streams their logs until Ctrl-C, which stops"
                + " everything; with --detach it returns once all are ready and leaves them running.",
                "Processes that already run are left as they are."})
public final class UpCommand extends StackCommand {

    @Option(names = {"-d", "--detach"}, description = "return once everything is ready, leave it running")
    private boolean detach;

    public UpCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        StackLifecycle lifecycle = context.lifecycle();
        Stack stack = lifecycle.stack();
        PrintStream out = context.out();
        List<ServiceSpec> missing = lifecycle.notRunning();
        if (missing.isEmpty()) {
            out.println("The stack is already running (MOSAIC_HOME=" + stack.home() + ").");
            ProcessTable.of(lifecycle, true).print(out);
            out.println("Follow the logs with ./mosaic logs, stop with ./mosaic down.");
            return 0;
        }
        Optional<String> problem = lifecycle.preflight(missing, out::println);
        if (problem.isPresent()) {
            context.err().println("mosaic: " + problem.get());
            return 1;
        }

        LogFollower follower = detach ? null : followEveryLog(lifecycle);
        Consumer<String> say = follower == null ? out::println : follower::note;
        long begin = System.nanoTime();
        StackLifecycle.Start start = lifecycle.start(stack.specs(), say, started -> {
            say.accept("stopping everything");
            lifecycle.stopAll(say);
            close(follower);
        });
        if (!start.ready()) {
            close(follower);
            start.abandon("a process", context.err());
            return 1;
        }
        if (follower != null) {
            follower.pollOnce();
        }
        String took = StackLifecycle.seconds(System.nanoTime() - begin);
        synchronized (follower == null ? this : follower) {
            out.println();
            ProcessTable.of(lifecycle, true).print(out);
            out.println();
            String gateway = stack.url(stack.specs().stream().filter(s -> s.kind() == Kind.GATEWAY).findFirst().orElseThrow());
            out.println("Mosaic is up in " + took + ": " + gateway + " and https://localhost:" + stack.gatewayTlsPort()
                    + "   (MOSAIC_HOME=" + stack.home() + ")");
            out.println("A customer token (valid 60 min; ./mosaic token --help for more):");
            out.println("  export TOKEN=" + stack.issuer().issue(TokenCommand.DEFAULT_CUSTOMER, false, Duration.ofMinutes(60)));
            out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + gateway + "/api/orders");
            out.println(detach ? "Logs: ./mosaic logs   Status: ./mosaic status   Stop: ./mosaic down"
                    : "Streaming logs. Ctrl-C stops everything.");
            out.println();
            out.flush();
        }
        if (detach) {
            return start.disarm() ? 0 : StackLifecycle.awaitShutdown();
        }
        return watch(lifecycle, follower, start);
    }

    /** Follows every process's log from its end: what the processes write from now on. */
    private LogFollower followEveryLog(StackLifecycle lifecycle) throws IOException {
        LogFollower follower = context.logFollower();
        for (String name : lifecycle.names()) {
            Path log = lifecycle.processes().logFile(name);
            follower.follow(name, log, Files.exists(log) ? Files.size(log) : 0);
        }
        follower.start();
        return follower;
    }

    /** Foreground: reports processes that stop or come back (kill/start from another terminal) until Ctrl-C. */
    private static int watch(StackLifecycle lifecycle, LogFollower follower, StackLifecycle.Start start) {
        Set<String> running = lifecycle.running();
        while (!lifecycle.stopping()) {
            ProcessControl.pause(Duration.ofSeconds(1));
            if (lifecycle.stopping()) {
                break;
            }
            Set<String> now = lifecycle.running();
            for (String name : running) {
                if (!now.contains(name)) {
                    follower.note(name + " is no longer running (./mosaic start " + name + " brings it back)");
                }
            }
            for (String name : now) {
                if (!running.contains(name)) {
                    follower.note(name + " is running again");
                }
            }
            running = now;
            if (running.isEmpty() && start.disarm()) {
                follower.note("every process has stopped; exiting");
                follower.close();
                return 0;
            }
        }
        return StackLifecycle.awaitShutdown();
    }

    private static void close(LogFollower follower) {
        if (follower != null) {
            follower.close();
        }
    }
}
