package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mosaic.devstack.testing.CapturedMosaic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/** Every command's options as the scripts, the docs and CI write them, parsed through picocli without running anything. */
class MosaicCommandLineTest {

    private final CapturedMosaic mosaic = new CapturedMosaic();

    @Test
    void upDetachesWithEitherName() {
        assertThat(mosaic.parse("up").matchedOptionValue("--detach", false)).isFalse();
        assertThat(mosaic.parse("up", "--detach").matchedOptionValue("--detach", false)).isTrue();
        assertThat(mosaic.parse("up", "-d").matchedOptionValue("--detach", false)).isTrue();
    }

    @Test
    void logsTakeAProcessTheNumberOfLinesNoFollowAndAnOrder() {
        ParseResult logs = mosaic.parse("logs", "catalog", "--no-follow", "--lines", "5");
        assertThat(logs.matchedPositionalValue(0, "")).isEqualTo("catalog");
        assertThat(logs.matchedOptionValue("--no-follow", false)).isTrue();
        assertThat(logs.matchedOptionValue("--lines", 50)).isEqualTo(5);
        assertThat(mosaic.parse("logs", "-n", "7").matchedOptionValue("--lines", 50)).isEqualTo(7);
        ParseResult story = mosaic.parse("logs", "--order", "432f27ad-c40d-4045-9de9-17b64ec9c48c", "payments");
        assertThat(story.matchedOptionValue("--order", "")).isEqualTo("432f27ad-c40d-4045-9de9-17b64ec9c48c");
        assertThat(story.matchedPositionalValue(0, "")).isEqualTo("payments");
    }

    @Test
    void anOptionGivenTwiceTakesTheLastValue() {
        assertThat(mosaic.parse("token", "--ttl", "5", "--ttl", "10").matchedOptionValue("--ttl", 60L)).isEqualTo(10L);
    }

    @Test
    void killAndStartTakeExactlyOneProcess() {
        assertThat(mosaic.parse("kill", "inventory").matchedPositionalValue(0, "")).isEqualTo("inventory");
        assertThat(mosaic.parse("start", "inventory").matchedPositionalValue(0, "")).isEqualTo("inventory");
        assertThat(mosaic.run("kill")).isEqualTo(2);
        assertThat(mosaic.err()).contains("Missing required parameter: '<name>'", "Usage: ./mosaic kill");
        assertThat(mosaic.run("start", "catalog", "orders")).isEqualTo(2);
        assertThat(mosaic.err()).contains("start does not know 'orders'");
    }

    @Test
    void testPassesEveryArgumentToMavenAsGiven() {
        assertThat(mosaic.parse("test", "-Djib.skip=true", "-pl", "tests/deploy", "-am", "--help", "@args", "-q").unmatched())
                .containsExactly("-Djib.skip=true", "-pl", "tests/deploy", "-am", "--help", "@args", "-q");
    }

    @Test
    void benchPassesItsArgumentsToTheBenchmark() {
        assertThat(mosaic.parse("bench", "gateway", "--levels", "1 4@5", "--duration", "1", "--no-write").unmatched())
                .containsExactly("gateway", "--levels", "1 4@5", "--duration", "1", "--no-write");
    }

    @Test
    void tokenTakesACustomerAdminTtlOrAWorkload() {
        ParseResult customer = mosaic.parse("token", "--customer", "alice", "--admin", "--ttl", "15");
        assertThat(customer.matchedOptionValue("--customer", "")).isEqualTo("alice");
        assertThat(customer.matchedOptionValue("--admin", false)).isTrue();
        assertThat(customer.matchedOptionValue("--ttl", 60L)).isEqualTo(15L);
        ParseResult workload = mosaic.parse("token", "--service", "orders", "--to", "inventory");
        assertThat(workload.matchedOptionValue("--service", "")).isEqualTo("orders");
        assertThat(workload.matchedOptionValue("--to", "")).isEqualTo("inventory");
    }

    @Test
    void tokenRefusesAHalfWorkloadAMixAndATtlOutOfRange() {
        assertThat(mosaic.run("token", "--service", "gateway")).isEqualTo(2);
        assertThat(mosaic.err()).contains("a workload token needs both --service NAME (the caller) and --to SERVICE");
        assertThat(mosaic.run("token", "--service", "gateway", "--to", "catalog", "--admin")).isEqualTo(2);
        assertThat(mosaic.err()).contains("and no --customer or --admin");
        assertThat(mosaic.run("token", "--ttl", "0")).isEqualTo(2);
        assertThat(mosaic.err()).contains("--ttl takes minutes between 1 and 1440, not '0'");
        assertThat(mosaic.run("token", "--ttl", "soon")).isEqualTo(2);
        assertThat(mosaic.err()).contains("'soon' is not a long");
        assertThat(mosaic.run("token", "--customer", "")).isEqualTo(2);
        assertThat(mosaic.err()).contains("need a value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "logs", "kill catalog", "start catalog", "token"})
    void anUnknownOptionIsAUsageErrorThatNamesItAndShowsTheCommandsUsage(String commandLine) {
        String command = commandLine.split(" ")[0];
        assertThat(mosaic.run((commandLine + " --bogus").split(" "))).isEqualTo(2);
        assertThat(mosaic.err()).startsWith("mosaic: " + command + " does not know '--bogus'")
                .contains("Usage: ./mosaic " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"down", "status"})
    void commandsWithoutArgumentsRefuseOne(String command) {
        assertThat(mosaic.run(command, "everything")).isEqualTo(2);
        assertThat(mosaic.err()).contains(command + " does not know 'everything'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "logs", "kill", "start", "token"})
    void everyCommandExplainsItselfWithHelp(String command) {
        assertThat(mosaic.run(command, "--help")).isZero();

        assertThat(mosaic.out()).contains("Usage: ./mosaic " + command, "-h, --help");
    }
}
