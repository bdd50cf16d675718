package dev.mosaic.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Stack ports inside the kernel's range of client ports are named before a start, with the way out. */
class EphemeralPortsTest {

    @Test
    void theRangeIsReadAsLinuxWritesIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ip_local_port_range"), "32768\t60999\n");

        EphemeralPorts range = EphemeralPorts.read(file).orElseThrow();

        assertThat(range).isEqualTo(new EphemeralPorts(32768, 60999));
        assertThat(EphemeralPorts.read(dir.resolve("missing"))).isEmpty();
        assertThat(EphemeralPorts.read(Files.writeString(dir.resolve("garbled"), "many"))).isEmpty();
    }

    @Test
    void thisMachinesRangeIsReadFromProcfs() {
        Assumptions.assumeTrue(Files.isReadable(EphemeralPorts.LINUX), "not Linux");

        EphemeralPorts range = EphemeralPorts.read(EphemeralPorts.LINUX).orElseThrow();

        assertThat(range.low()).isGreaterThan(1023).isLessThan(range.high());
    }

    @Test
    void portsInsideTheRangeAreNamedWithAnOffsetThatAvoidsThem() {
        EphemeralPorts range = new EphemeralPorts(32768, 60999);

        assertThat(range.warning(List.of(40080, 40081, 41092, 28080))).hasValueSatisfying(warning -> assertThat(warning)
                .contains("ports 40080-41092", "32768-60999", "below 32768", "MOSAIC_PORT_OFFSET"));
        assertThat(range.warning(List.of(8080, 9092, 28080, 32767, 61000))).isEmpty();
    }

    @Test
    void theDefaultStackIsOutsideLinuxsDefaultRange() {
        Stack stack = new Stack(Path.of("/repo"), java.util.Map.of(), "cp", ServiceSpec.ALL);
        List<Integer> ports = ServiceSpec.ALL.stream().flatMap(spec -> stack.boundPorts(spec).stream()).toList();

        assertThat(new EphemeralPorts(32768, 60999).warning(ports)).isEmpty();
    }
}
