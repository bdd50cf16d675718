package dev.mosaic.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SagaBenchOptionsTest {

    @Test
    void levelsTakeCommasOrSpaces() {
        assertThat(SagaBenchOptions.levels("10,25")).containsExactly(10, 25);
        assertThat(SagaBenchOptions.levels(" 10 25 , 50")).containsExactly(10, 25, 50);
    }

    @Test
    void everyValueIsKept() {
        assertThat(SagaBenchOptions.of("10", 5, 0, 50, 20, true, false)).isEqualTo(new SagaBenchOptions(List.of(10),
                Duration.ofSeconds(5), Duration.ZERO, 50, Duration.ofMillis(20), true, false));
    }

    @Test
    void wrongLevelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SagaBenchOptions.levels("10,x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> SagaBenchOptions.levels("0")).hasMessageContaining("from 1");
        assertThatThrownBy(() -> SagaBenchOptions.levels("10,10")).hasMessageContaining("twice");
        assertThatThrownBy(() -> SagaBenchOptions.levels(" , ")).hasMessageContaining("at least one");
    }

    @Test
    void valuesOutOfTheirRangeAreRefusedWithTheOption() {
        assertThatThrownBy(() -> SagaBenchOptions.of("10", 0, 10, 200, 50, false, true))
                .hasMessageContaining("--duration").hasMessageContaining("from 1");
        assertThatThrownBy(() -> SagaBenchOptions.of("10", 30, -1, 200, 50, false, true)).hasMessageContaining("--warmup");
        assertThatThrownBy(() -> SagaBenchOptions.of("10", 30, 10, 200, 1, false, true)).hasMessageContaining("--poll-ms");
    }
}
