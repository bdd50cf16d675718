package dev.mosaic.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuIsUserPlusSystemTicks() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 30000 0 12 0 1500 250 0 0 20 0 40 0 123456 3000000000 80000";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(7);
    }

    @Test
    void rssIsVmRssInKib() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  312456 kB\nRssAnon:\t 300000 kB\n";
        assertThat(ProcStats.rssKib(status)).isEqualTo(312456);
        assertThat(ProcStats.rssKib("Name:\tzombie\nState:\tZ (zombie)\n")).isZero();
    }

    @Test
    void theJitCompilerThreadsAreToldApartByTheirNames() {
        assertThat(ProcStats.isJitCompiler("31 (C2 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 900 12 0 0")).isTrue();
        assertThat(ProcStats.isJitCompiler("32 (C1 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 90 1 0 0")).isTrue();
        assertThat(ProcStats.isJitCompiler("33 (events-consumer) S 1 4242 4242 0 -1 0 0 0 0 0 400 40 0 0")).isFalse();
        assertThat(ProcStats.isJitCompiler("34 (C2 Compiler) S 1 4242 4242 0 -1 0 0 0 0 0 1 1 0 0")).isFalse();
    }

    @Test
    void theConsumerAndRelayThreadsAreToldApartByTheirWholeNames() {
        assertThat(ProcStats.isNamed("40 (events-consumer) S 1 4242 4242 0 -1 0 0 0 0 0 400 40 0 0", ProcStats.CONSUMER_THREAD)).isTrue();
        assertThat(ProcStats.isNamed("41 (outbox-relay) S 1 4242 4242 0 -1 0 0 0 0 0 90 9 0 0", ProcStats.RELAY_THREAD)).isTrue();
        assertThat(ProcStats.isNamed("42 (outbox-relay-2) S 1 4242 4242 0 -1 0 0 0 0 0 1 1 0 0", ProcStats.RELAY_THREAD)).isFalse();
        assertThat(ProcStats.isNamed("43 (C2 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 1 1 0 0", ProcStats.CONSUMER_THREAD)).isFalse();
    }

    @Test
    void aThreadsTimeIsCountedUnderItsName() throws Exception {
        // A thread of this JVM named as the relay, kept busy until it has used some CPU: the sample counts it there.
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofPlatform().name(ProcStats.RELAY_THREAD).start(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ProcStats.of(ProcessHandle.current().pid()).map(s -> s.threads().relay() > 0).orElse(false));
        } finally {
            stop.set(true);
            busy.join();
        }
        assertThat(ProcStats.of(ProcessHandle.current().pid())).hasValueSatisfying(s ->
                assertThat(s.threads().relay()).isLessThanOrEqualTo(s.cpuTicks()));
    }

    @Test
    void aBusyJvmHasSpentSomeOfItsTimeCompiling() {
        // This test's own JVM has compiled something by now; its compiler threads' time is part of its total.
        assertThat(ProcStats.of(ProcessHandle.current().pid())).hasValueSatisfying(s -> {
            assertThat(s.jitTicks()).isPositive();
            assertThat(s.jitTicks()).isLessThanOrEqualTo(s.cpuTicks());
        });
    }

    @Test
    void ticksAreHundredthsOfASecond() {
        assertThat(ProcStats.millis(250)).isEqualTo(2500.0);
    }

    @Test
    void thisProcessCanBeSampled() {
        assertThat(ProcStats.of(ProcessHandle.current().pid())).hasValueSatisfying(s -> {
            assertThat(s.cpuTicks()).isPositive();
            assertThat(s.rssKib()).isPositive();
        });
        assertThat(ProcStats.of(Long.MAX_VALUE)).isEmpty();
    }
}
