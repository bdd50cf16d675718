package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.mosaic.devstack.testing.CapturedMosaic;
import org.junit.jupiter.api.Test;

/**
 * Commands of other modules, found with ServiceLoader: here {@link ProbeCommands}, which this module's test
 * resources register. They join the command line as its own commands do; the drill module's are not there.
 */
class CommandExtensionTest {

    private final CapturedMosaic mosaic = new CapturedMosaic();

    @Test
    void anExtensionsCommandsComeAfterTheOrchestratorsOwnAndBeforeHelp() {
        assertThat(List.copyOf(mosaic.commandLine().getSubcommands().keySet())).containsExactly(
                "up", "down", "status", "logs", "kill", "start", "test", "token", "bench", "probe", "help");
        assertThat(mosaic.run("help")).isZero();
        assertThat(mosaic.out()).containsPattern("\\n  bench +.*\\n  probe +a command another module adds\\n  help +");
    }

    @Test
    void anExtensionsCommandRunsWithItsOptionsAndHelpLikeAnyOther() {
        assertThat(mosaic.run("probe", "--times", "3")).isZero();
        assertThat(mosaic.out()).isEqualTo("probe ran 3 time(s)\n");
        assertThat(mosaic.run("probe", "--help")).isZero();
        assertThat(mosaic.out()).contains("Usage: ./mosaic probe", "\nPrints what it was given.", "\nOptions:\n", "--times=N");
        assertThat(mosaic.run("probe", "--bogus")).isEqualTo(2);
        assertThat(mosaic.err()).startsWith("mosaic: probe does not know '--bogus'").contains("./mosaic probe --help");
    }

    @Test
    void withoutTheDrillModuleDrillIsAnUnknownCommand() {
        assertThat(mosaic.run("drill", "--short")).isEqualTo(2);
        assertThat(mosaic.err()).contains("unknown command 'drill'", "Usage: ./mosaic");
        assertThat(mosaic.run("bench-saga")).isEqualTo(2);
        assertThat(mosaic.err()).contains("unknown command 'bench-saga'");
    }
}
