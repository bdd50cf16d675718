package dev.mosaic.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker and bulkhead in front of one upstream, on a clock the test moves: it opens after failures in a row,
 * lets one trial through once its time is up, and closes only on that trial's real answer.
 */
class UpstreamGuardTest {

    private final AtomicLong now = new AtomicLong();
    private final UpstreamGuard guard = new UpstreamGuard("payments", 4, 3, Duration.ofSeconds(5), now::get);

    @Test
    void failuresInARowOpenItAndASuccessBetweenThemStartsTheCountAgain() {
        call(Verdict.FAILED);
        call(Verdict.FAILED);
        call(Verdict.SUCCEEDED);
        call(Verdict.FAILED);
        call(Verdict.FAILED);
        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.CLOSED);

        call(Verdict.FAILED);

        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.OPEN);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        UpstreamGuard.Refusal refusal = guard.tryEnter();
        assertThat(refusal).isNotNull();
        assertThat(refusal.detail()).contains("open after 3 failures in a row");
        assertThat(refusal.retryAfter()).as("what is left of the 5 s").isEqualTo(Duration.ofSeconds(3));
        assertThat(guard.refusedByBreaker()).isEqualTo(1);
    }

    @Test
    void aCallersMistakeCountsNeitherWayWhileClosed() {
        call(Verdict.FAILED);
        call(Verdict.FAILED);
        call(Verdict.ABANDONED);

        call(Verdict.FAILED);

        assertThat(guard.state()).as("the third failure in a row, the abandoned call between them not counted")
                .isEqualTo(UpstreamGuard.State.OPEN);
    }

    @Test
    void onceItsTimeIsUpOneTrialGoesThroughAndItsAnswerClosesIt() {
        open();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.HALF_OPEN);

        assertThat(guard.tryEnter()).as("the trial").isNull();
        UpstreamGuard.Refusal second = guard.tryEnter();
        assertThat(second).as("a second request while the trial is in flight").isNotNull();
        assertThat(second.detail()).contains("half-open and a trial request is in flight");
        guard.succeeded();
        guard.release();

        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.CLOSED);
        assertThat(guard.tryEnter()).isNull();
        guard.release();
    }

    @Test
    void aTrialWithoutAnAnswerLeavesItHalfOpenAndTheNextRequestIsTheTrial() {
        open();
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        call(Verdict.ABANDONED);

        assertThat(guard.state()).as("no answer came, so nothing says the upstream is back")
                .isEqualTo(UpstreamGuard.State.HALF_OPEN);
        assertThat(guard.tryEnter()).as("the next request is the trial").isNull();
        guard.failed();
        guard.release();
        assertThat(guard.state()).as("one failed trial opens it again").isEqualTo(UpstreamGuard.State.OPEN);
    }

    @Test
    void theBulkheadRefusesBeyondItsSlotsAndAFreedSlotAdmitsAgain() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.tryEnter()).isNull();
        }
        assertThat(guard.inFlight()).isEqualTo(4);

        UpstreamGuard.Refusal full = guard.tryEnter();

        assertThat(full).isNotNull();
        assertThat(full.detail()).contains("already has 4 requests in flight");
        assertThat(guard.refusedByBulkhead()).isEqualTo(1);
        guard.succeeded();
        guard.release();
        assertThat(guard.tryEnter()).isNull();
    }

    private enum Verdict { SUCCEEDED, FAILED, ABANDONED }

    private void call(Verdict verdict) {
        assertThat(guard.tryEnter()).isNull();
        switch (verdict) {
            case SUCCEEDED -> guard.succeeded();
            case FAILED -> guard.failed();
            case ABANDONED -> guard.abandoned();
        }
        guard.release();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            call(Verdict.FAILED);
        }
        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.OPEN);
    }
}
