package dev.mosaic.gateway.upstream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Calls to several upstreams at once, for the gateway's own answers (the composed order view, the merged OpenAPI
 * document, the operations data). Calls started in one {@link Batch} share its deadline, {@code timeout} after the
 * batch began: a call that has not answered by then is abandoned, and its outcome says it was late. Each call has an
 * outcome of its own, so one that fails hides none of the others.
 */
public final class FanOut {

    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param timeout how long after a batch began its calls may take, all together */
    public FanOut(Duration timeout) {
        this.timeout = timeout;
    }

    /** Calls to be started now, with a deadline {@code timeout} from now. */
    public Batch batch() {
        return new Batch(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Runs every call at once and waits for each until the deadline: the outcomes come in the order of
     * {@code calls}, whichever answered first.
     */
    public <K> Map<K, Outcome> all(Map<K, Callable<UpstreamJson.Answer>> calls) {
        Batch batch = batch();
        Map<K, Call> started = new LinkedHashMap<>();
        calls.forEach((key, call) -> started.put(key, batch.call(call)));
        Map<K, Outcome> outcomes = new LinkedHashMap<>();
        started.forEach((key, call) -> outcomes.put(key, call.await()));
        return outcomes;
    }

    /** Calls that share one deadline. */
    public final class Batch {
        private final long deadline;

        private Batch(long deadline) {
            this.deadline = deadline;
        }

        /** Starts {@code request}. */
        public Call call(Callable<UpstreamJson.Answer> request) {
            FutureTask<UpstreamJson.Answer> task = new FutureTask<>(request);
            executor.execute(task);
            return new Call(task, deadline, () -> task.cancel(true));
        }

        /**
         * Starts {@code request} through its upstream's guard, as the proxy's calls go: refused at once (the upstream
         * not asked; the outcome says why) while its breaker is open or its bulkhead full; else the outcome tells the
         * breaker: no answer, 502-504 or too late is a failure, any other answer a success, a call given up by
         * {@link Call#cancel()} neither.
         */
        public Call call(UpstreamGuard guard, Callable<UpstreamJson.Answer> request) {
            UpstreamGuard.Refusal refusal = guard.tryEnter();
            if (refusal != null) {
                UpstreamJson.Failure refused = new UpstreamJson.Failure("is not being called: " + refusal.detail(), null);
                return new Call(CompletableFuture.failedFuture(refused), deadline, () -> { });
            }
            GuardedTask task = new GuardedTask(guard, new AtomicBoolean(), request);
            executor.execute(task);
            return new Call(task, deadline, task::late);
        }
    }

    /** One call under way. */
    public final class Call {
        private final Future<UpstreamJson.Answer> future;
        private final long deadline;
        private final Runnable late;

        private Call(Future<UpstreamJson.Answer> future, long deadline, Runnable late) {
            this.future = future;
            this.deadline = deadline;
            this.late = late;
        }

        /** Waits for the call until its batch's deadline; a call still running then is abandoned. */
        public Outcome await() {
            try {
                return new Outcome(future.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS), null);
            } catch (TimeoutException e) {
                late.run();
                return new Outcome(null, "did not answer within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                return new Outcome(null, UpstreamJson.describe(e.getCause(), timeout));
            } catch (CancellationException e) {
                return new Outcome(null, "was not asked");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                return new Outcome(null, "was abandoned: the request was interrupted");
            }
        }

        /** Gives the call up without waiting for it: another call decided the answer. */
        public void cancel() {
            future.cancel(true);
        }
    }

    /** A call's answer, or why there is none, phrased to follow the upstream's name ("refused the connection"). */
    public record Outcome(UpstreamJson.Answer answer, String failure) {

        /** Why there is no usable answer: the failure, or what the upstream answered instead of the JSON expected. */
        public String why() {
            if (failure != null) {
                return failure;
            }
            return answer.ok() ? "answered something that is not the expected JSON" : "answered " + answer.status();
        }
    }

    /**
     * A call holding a slot of its upstream's bulkhead until it ends, however it ends (also when cancelled before it
     * ran); the guard hears one verdict, from whoever knows first: the call itself, {@link #late()}, or a cancel.
     */
    private static final class GuardedTask extends FutureTask<UpstreamJson.Answer> {
        private final UpstreamGuard guard;
        private final AtomicBoolean judged;

        GuardedTask(UpstreamGuard guard, AtomicBoolean judged, Callable<UpstreamJson.Answer> request) {
            super(() -> {
                try {
                    UpstreamJson.Answer answer = request.call();
                    judge(judged, guard, UpstreamGuard.unavailable(answer.status())
                            ? UpstreamGuard::failed : UpstreamGuard::succeeded);
                    return answer;
                } catch (UpstreamJson.Failure e) {
                    judge(judged, guard, e.upstreamAnswered() ? UpstreamGuard::succeeded : UpstreamGuard::failed);
                    throw e;
                }
            });
            this.guard = guard;
            this.judged = judged;
        }

        static void judge(AtomicBoolean judged, UpstreamGuard guard, Consumer<UpstreamGuard> verdict) {
            if (judged.compareAndSet(false, true)) {
                verdict.accept(guard);
            }
        }

        /** Too late for its part: for the breaker as much a failure as no answer at all. */
        void late() {
            judge(judged, guard, UpstreamGuard::failed);
            cancel(true);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            // Given up because another part decided the answer: says nothing about the upstream.
            judge(judged, guard, UpstreamGuard::abandoned);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        protected void done() {
            // Once, on success, failure or cancel; a call cancelled while running is interrupted, which closes its socket.
            judge(judged, guard, UpstreamGuard::abandoned);
            guard.release();
        }
    }
}
