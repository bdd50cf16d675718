package dev.mosaic.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class DrillOptionsTest {

    @Test
    void theFullDrillRunsEveryFaultTenSecondsEach() {
        DrillOptions options = DrillOptions.parse(List.of());
        assertThat(options.faults()).isEqualTo(Fault.ALL);
        assertThat(options.faultFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.writeDoc()).isFalse();
    }

    @Test
    void theShortDrillBreaksOrdersPaymentsAndSlowsInventory() {
        DrillOptions options = DrillOptions.parse(List.of("--short"));
        assertThat(options.faults()).extracting(Fault::id).containsExactly("kill-orders", "kill-payments", "slow-inventory");
        assertThat(options.faultFor()).isLessThan(Duration.ofSeconds(10));
        assertThat(options.isShort()).isTrue();
    }

    @Test
    void faultsDurationCustomersAndWriteDocCanBeChosen() {
        DrillOptions options = DrillOptions.parse(List.of("--faults", "restart-kafka,kill-catalog", "--duration", "3",
                "--customers", "2", "--write-doc"));
        assertThat(options.faults()).extracting(Fault::id).containsExactly("restart-kafka", "kill-catalog");
        assertThat(options.faultFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.customers()).isEqualTo(2);
        assertThat(options.writeDoc()).isTrue();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> DrillOptions.parse(List.of("--faults", "kill-oders")))
                .hasMessageContaining("no fault named 'kill-oders'").hasMessageContaining("kill-orders");
        assertThatThrownBy(() -> DrillOptions.parse(List.of("--duration", "0"))).hasMessageContaining("--duration");
        assertThatThrownBy(() -> DrillOptions.parse(List.of("--customers"))).hasMessageContaining("--customers");
        assertThatThrownBy(() -> DrillOptions.parse(List.of("--fast"))).hasMessageContaining("drill does not know '--fast'");
    }

    @Test
    void everyFaultNamesItsPromiseItsProofAndATargetOfTheStack() {
        for (Fault fault : Fault.ALL) {
            assertThat(fault.promise()).as(fault.id()).isNotBlank();
            assertThat(fault.provenBy()).as(fault.id()).isNotBlank();
        }
        assertThat(Fault.ALL).extracting(Fault::id).doesNotHaveDuplicates().containsAll(Fault.SHORT);
    }
}
