package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.mosaic.devstack.command.CommandContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/** Every command's options as the scripts, the docs and CI write them, parsed through picocli without running anything. */
class MosaicCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Neither parsing nor a wrong option reads the environment: a stack is only made when a command runs.
    private final CommandContext context = new CommandContext(() -> {
        throw new AssertionError("a command ran");
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

    /** The parse result of the command (the subcommand) in {@code args}. */
    private ParseResult parse(String... args) {
        return Mosaic.commandLine(context).parseArgs(args).subcommand();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Mosaic.run(context, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void upDetachesWithEitherName() {
        assertThat(parse("up").matchedOptionValue("--detach", false)).isFalse();
        assertThat(parse("up", "--detach").matchedOptionValue("--detach", false)).isTrue();
        assertThat(parse("up", "-d").matchedOptionValue("--detach", false)).isTrue();
    }

    @Test
    void logsTakeAProcessTheNumberOfLinesNoFollowAndAnOrder() {
        ParseResult logs = parse("logs", "catalog", "--no-follow", "--lines", "5");
        assertThat(logs.matchedPositionalValue(0, "")).isEqualTo("catalog");
        assertThat(logs.matchedOptionValue("--no-follow", false)).isTrue();
        assertThat(logs.matchedOptionValue("--lines", 50)).isEqualTo(5);
        assertThat(parse("logs", "-n", "7").matchedOptionValue("--lines", 50)).isEqualTo(7);
        ParseResult story = parse("logs", "--order", "432f27ad-c40d-4045-9de9-17b64ec9c48c", "payments");
        assertThat(story.matchedOptionValue("--order", "")).isEqualTo("432f27ad-c40d-4045-9de9-17b64ec9c48c");
        assertThat(story.matchedPositionalValue(0, "")).isEqualTo("payments");
    }

    @Test
    void anOptionGivenTwiceTakesTheLastValue() {
        assertThat(parse("token", "--ttl", "5", "--ttl", "10").matchedOptionValue("--ttl", 60L)).isEqualTo(10L);
    }

    @Test
    void killAndStartTakeExactlyOneProcess() {
        assertThat(parse("kill", "inventory").matchedPositionalValue(0, "")).isEqualTo("inventory");
        assertThat(parse("start", "inventory").matchedPositionalValue(0, "")).isEqualTo("inventory");
        assertThat(run("kill")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: '<name>'", "Usage: ./mosaic kill");
        assertThat(run("start", "catalog", "orders")).isEqualTo(2);
        assertThat(err()).contains("start does not know 'orders'");
    }

    @Test
    void testPassesEveryArgumentToMavenAsGiven() {
        assertThat(parse("test", "-Djib.skip=true", "-pl", "tests/deploy", "-am", "--help", "@args", "-q").unmatched())
                .containsExactly("-Djib.skip=true", "-pl", "tests/deploy", "-am", "--help", "@args", "-q");
    }

    @Test
    void benchPassesItsArgumentsToTheBenchmark() {
        assertThat(parse("bench", "gateway", "--levels", "1 4@5", "--duration", "1", "--no-write").unmatched())
                .containsExactly("gateway", "--levels", "1 4@5", "--duration", "1", "--no-write");
    }

    @Test
    void tokenTakesACustomerAdminTtlOrAWorkload() {
        ParseResult customer = parse("token", "--customer", "alice", "--admin", "--ttl", "15");
        assertThat(customer.matchedOptionValue("--customer", "")).isEqualTo("alice");
        assertThat(customer.matchedOptionValue("--admin", false)).isTrue();
        assertThat(customer.matchedOptionValue("--ttl", 60L)).isEqualTo(15L);
        ParseResult workload = parse("token", "--service", "orders", "--to", "inventory");
        assertThat(workload.matchedOptionValue("--service", "")).isEqualTo("orders");
        assertThat(workload.matchedOptionValue("--to", "")).isEqualTo("inventory");
    }

    @Test
    void tokenRefusesAHalfWorkloadAMixAndATtlOutOfRange() {
        assertThat(run("token", "--service", "gateway")).isEqualTo(2);
        assertThat(err()).contains("a workload token needs both --service NAME (the caller) and --to SERVICE");
        assertThat(run("token", "--service", "gateway", "--to", "catalog", "--admin")).isEqualTo(2);
        assertThat(err()).contains("and no --customer or --admin");
        assertThat(run("token", "--ttl", "0")).isEqualTo(2);
        assertThat(err()).contains("--ttl takes minutes between 1 and 1440, not '0'");
        assertThat(run("token", "--ttl", "soon")).isEqualTo(2);
        assertThat(err()).contains("'soon' is not a long");
        assertThat(run("token", "--customer", "")).isEqualTo(2);
        assertThat(err()).contains("need a value");
    }

    @Test
    void drillTakesItsFaultsDurationCustomersAndWriteDoc() {
        ParseResult drill = parse("drill", "--short", "--faults", "restart-kafka,kill-catalog", "--duration", "3",
                "--customers", "2", "--write-doc");
        assertThat(drill.matchedOptionValue("--short", false)).isTrue();
        assertThat(drill.matchedOptionValue("--faults", List.of())).isEqualTo(List.of("restart-kafka", "kill-catalog"));
        assertThat(drill.matchedOptionValue("--duration", 0)).isEqualTo(3);
        assertThat(drill.matchedOptionValue("--customers", 0)).isEqualTo(2);
        assertThat(drill.matchedOptionValue("--write-doc", false)).isTrue();
    }

    @Test
    void drillRefusesAnUnknownFaultOrAnOutOfRangeNumberBeforeStartingAnything() {
        assertThat(run("drill", "--faults", "kill-everything")).isEqualTo(2);
        assertThat(err()).contains("no fault named 'kill-everything'", "kill-orders");
        assertThat(run("drill", "--duration", "0")).isEqualTo(2);
        assertThat(err()).contains("--duration needs a number from 1 to 600");
        assertThat(run("drill", "--customers")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter for option '--customers'");
    }

    @Test
    void benchSagaTakesWhatBenchReadmeShows() {
        ParseResult saga = parse("bench-saga", "--levels", "20,40", "--duration", "20", "--warmup", "20", "--no-write");
        assertThat(saga.matchedOptionValue("--levels", "")).isEqualTo("20,40");
        assertThat(saga.matchedOptionValue("--duration", 0)).isEqualTo(20);
        assertThat(saga.matchedOptionValue("--warmup", 0)).isEqualTo(20);
        assertThat(saga.matchedOptionValue("--no-write", false)).isTrue();
        ParseResult polling = parse("bench-saga", "--poll", "--poll-ms", "20", "--customers", "50");
        assertThat(polling.matchedOptionValue("--poll", false)).isTrue();
        assertThat(polling.matchedOptionValue("--poll-ms", 0)).isEqualTo(20);
        assertThat(polling.matchedOptionValue("--customers", 0)).isEqualTo(50);
    }

    @Test
    void benchSagaRefusesWrongLevelsBeforeStartingAnything() {
        assertThat(run("bench-saga", "--levels", "10,10")).isEqualTo(2);
        assertThat(err()).contains("--levels names a rate twice");
        assertThat(run("bench-saga", "--duration")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter for option '--duration'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "logs", "kill catalog", "start catalog", "token", "drill", "bench-saga"})
    void anUnknownOptionIsAUsageErrorThatNamesItAndShowsTheCommandsUsage(String commandLine) {
        String command = commandLine.split(" ")[0];
        assertThat(run((commandLine + " --bogus").split(" "))).isEqualTo(2);
        assertThat(err()).startsWith("mosaic: " + command + " does not know '--bogus'")
                .contains("Usage: ./mosaic " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"down", "status"})
    void commandsWithoutArgumentsRefuseOne(String command) {
        assertThat(run(command, "everything")).isEqualTo(2);
        assertThat(err()).contains(command + " does not know 'everything'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "logs", "kill", "start", "token", "drill"})
    void everyCommandExplainsItselfWithHelp(String command) {
        assertThat(run(command, "--help")).isZero();

        assertThat(out()).contains("Usage: ./mosaic " + command, "-h, --help");
    }
}
