package dev.mosaic.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class DrillOptionsTest {

    @Test
    void theFullDrillRunsEveryFaultTenSecondsEach() {
        DrillOptions options = DrillOptions.of(false, null, null, null, false);
        assertThat(options.faults()).isEqualTo(Fault.ALL);
        assertThat(options.faultFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.customers()).isEqualTo(6);
        assertThat(options.writeDoc()).isFalse();
    }

    @Test
    void theShortDrillBreaksOrdersPaymentsAndSlowsInventory() {
        DrillOptions options = DrillOptions.of(true, null, null, null, false);
        assertThat(options.faults()).extracting(Fault::id).containsExactly("kill-orders", "kill-payments", "slow-inventory");
        assertThat(options.faultFor()).isLessThan(Duration.ofSeconds(10));
        assertThat(options.isShort()).isTrue();
    }

    @Test
    void faultsDurationCustomersAndWriteDocCanBeChosen() {
        DrillOptions options = DrillOptions.of(true, List.of("restart-kafka", " kill-catalog"), 3, 2, true);
        assertThat(options.faults()).extracting(Fault::id).containsExactly("restart-kafka", "kill-catalog");
        assertThat(options.faultFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.customers()).isEqualTo(2);
        assertThat(options.writeDoc()).isTrue();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> DrillOptions.of(false, List.of("kill-oders"), null, null, false))
                .hasMessageContaining("no fault named 'kill-oders'").hasMessageContaining("kill-orders");
        assertThatThrownBy(() -> DrillOptions.of(false, null, 0, null, false)).hasMessageContaining("--duration");
        assertThatThrownBy(() -> DrillOptions.of(false, null, null, 65, false)).hasMessageContaining("--customers");
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
