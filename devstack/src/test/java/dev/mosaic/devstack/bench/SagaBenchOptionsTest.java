package dev.mosaic.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SagaBenchOptionsTest {

    @Test
    void defaultsAreTheIssuesLevelsWrittenToTheDoc() {
        SagaBenchOptions o = SagaBenchOptions.parse(List.of());
        assertThat(o.levels()).containsExactly(25, 50, 100, 200, 300, 400);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.write()).isTrue();
    }

    @Test
    void levelsTakeCommasOrSpaces() {
        assertThat(SagaBenchOptions.parse(List.of("--levels", "10,25")).levels()).containsExactly(10, 25);
        assertThat(SagaBenchOptions.parse(List.of("--levels", " 10 25 , 50")).levels()).containsExactly(10, 25, 50);
    }

    @Test
    void everyOptionIsRead() {
        SagaBenchOptions o = SagaBenchOptions.parse(List.of("--levels", "10", "--duration", "5", "--warmup", "0",
                "--customers", "50", "--poll", "--poll-ms", "20", "--no-write"));
        assertThat(o).isEqualTo(new SagaBenchOptions(List.of(10), Duration.ofSeconds(5), Duration.ZERO, 50,
                Duration.ofMillis(20), true, false));
        assertThat(SagaBenchOptions.parse(List.of()).poll()).as("followers wait for changes unless told to poll").isFalse();
    }

    @Test
    void wrongLevelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--levels", "10,x"))).hasMessageContaining("'x'");
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--levels", "0"))).hasMessageContaining("from 1");
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--levels", "10,10"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--levels", " , "))).hasMessageContaining("at least one");
    }

    @Test
    void aMissingValueOrUnknownOptionIsRefused() {
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--duration"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--duration", "0"))).hasMessageContaining("from 1");
        assertThatThrownBy(() -> SagaBenchOptions.parse(List.of("--rounds", "3"))).hasMessageContaining("'--rounds'");
    }
}
