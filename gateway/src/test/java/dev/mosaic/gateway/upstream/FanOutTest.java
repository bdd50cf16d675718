package dev.mosaic.gateway.upstream;

import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Calls at once until one deadline: each outcome on its own, in the calls' order, late ones abandoned. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FanOutTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    /** Released after each test, so a call that is never abandoned does not outlive it. */
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedCalls() {
        never.countDown();
    }

    private static UpstreamJson.Answer answer(int status, String body) {
        return new UpstreamJson.Answer(status, UpstreamJson.JSON.createValue(body));
    }

    /** A call that answers only when {@link #never} is released, and counts down {@code interrupted} if it is interrupted. */
    private Callable<UpstreamJson.Answer> blocked(CountDownLatch interrupted) {
        return () -> {
            try {
                never.await();
                return answer(200, "too late");
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        };
    }

    @Test
    void aCallPastTheDeadlineIsReportedLateAndAbandonedWhileTheOthersAnswer() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Map<String, Callable<UpstreamJson.Answer>> calls = new LinkedHashMap<>();
        calls.put("slow", blocked(interrupted));
        calls.put("fast", () -> answer(200, "fast"));

        Map<String, FanOut.Outcome> outcomes = new FanOut(Duration.ofMillis(200)).all(calls);

        assertThat(outcomes.get("slow").answer()).isNull();
        assertThat(outcomes.get("slow").failure()).isEqualTo("did not answer within 200 ms");
        assertThat(outcomes.get("fast").answer()).isEqualTo(answer(200, "fast"));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the late call is interrupted, not left running").isTrue();
    }

    @Test
    void aFailingCallHidesNoneOfTheOthers() {
        Map<String, Callable<UpstreamJson.Answer>> calls = new LinkedHashMap<>();
        calls.put("first", () -> answer(200, "first"));
        calls.put("refusing", () -> {
            throw new ConnectException("Connection refused");
        });
        calls.put("unavailable", () -> answer(503, "down"));
        calls.put("last", () -> answer(200, "last"));

        Map<String, FanOut.Outcome> outcomes = new FanOut(GENEROUS).all(calls);

        assertThat(outcomes.get("first").answer()).isEqualTo(answer(200, "first"));
        assertThat(outcomes.get("refusing").answer()).isNull();
        assertThat(outcomes.get("refusing").why()).isEqualTo("refused the connection");
        assertThat(outcomes.get("unavailable").why()).isEqualTo("answered 503");
        assertThat(outcomes.get("last").answer()).isEqualTo(answer(200, "last"));
    }

    @Test
    void outcomesKeepTheOrderOfTheCallsNotOfTheirAnswers() {
        CountDownLatch thirdAnswered = new CountDownLatch(1);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        Map<String, Callable<UpstreamJson.Answer>> calls = new LinkedHashMap<>();
        // Answered in reverse: the first waits for the second, which waits for the third.
        calls.put("first", () -> {
            secondAnswered.await();
            return answer(200, "first");
        });
        calls.put("second", () -> {
            thirdAnswered.await();
            secondAnswered.countDown();
            return answer(200, "second");
        });
        calls.put("third", () -> {
            thirdAnswered.countDown();
            return answer(200, "third");
        });

        Map<String, FanOut.Outcome> outcomes = new FanOut(GENEROUS).all(calls);

        assertThat(outcomes.keySet()).containsExactly("first", "second", "third");
        outcomes.forEach((name, outcome) -> assertThat(outcome.answer()).as(name).isEqualTo(answer(200, name)));
    }

    @Test
    void aGuardedCallThatIsLateCountsAsAFailureAndTheOpenBreakerSparesTheUpstream() {
        UpstreamGuard guard = new UpstreamGuard("catalog", 1, 1, Duration.ofMinutes(1), System::nanoTime);
        FanOut fanOut = new FanOut(Duration.ofMillis(100));

        FanOut.Outcome late = fanOut.batch().call(guard, blocked(new CountDownLatch(1))).await();

        assertThat(late.failure()).isEqualTo("did not answer within 100 ms");
        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.OPEN);
        await().atMost(GENEROUS).until(() -> guard.inFlight() == 0);
        AtomicBoolean asked = new AtomicBoolean();
        FanOut.Outcome refused = fanOut.batch().call(guard, () -> {
            asked.set(true);
            return answer(200, "asked");
        }).await();
        assertThat(refused.failure()).startsWith("is not being called: circuit breaker is open");
        assertThat(asked).as("the upstream is not asked while its breaker is open").isFalse();
    }

    @Test
    void aGuardedCallGivenUpCountsAsNeitherAndFreesItsSlot() throws Exception {
        UpstreamGuard guard = new UpstreamGuard("payments", 1, 1, Duration.ofMinutes(1), System::nanoTime);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);

        FanOut.Call call = new FanOut(GENEROUS).batch().call(guard, () -> {
            running.countDown();
            return blocked(interrupted).call();
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.inFlight()).isEqualTo(1);
        call.cancel();

        assertThat(call.await().failure()).isEqualTo("was not asked");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the call given up is interrupted").isTrue();
        assertThat(guard.state()).isEqualTo(UpstreamGuard.State.CLOSED);
        await().atMost(GENEROUS).until(() -> guard.inFlight() == 0);
    }
}
