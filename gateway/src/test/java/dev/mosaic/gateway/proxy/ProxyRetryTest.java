package dev.mosaic.gateway.proxy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the proxy makes a failed attempt once more: idempotent requests only, and never after a real timeout. */
class ProxyRetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final RuntimeException TIMED_OUT =
            new UncheckedIOException(new SocketTimeoutException("Read timed out"));
    private static final RuntimeException REFUSED =
            new UncheckedIOException(new ConnectException("Connection refused"));

    @Test
    void aRefusedOrDroppedConnectionIsTriedOnceMoreForAReadOnly() {
        assertThat(ProxyHandler.worthRetrying(true, REFUSED, Duration.ofMillis(3), TIMEOUT)).isTrue();
        assertThat(ProxyHandler.worthRetrying(false, REFUSED, Duration.ofMillis(3), TIMEOUT))
                .as("a POST may have taken effect").isFalse();
    }

    @Test
    void aReadThatWaitedForTheUpstreamIsNotRepeated() {
        assertThat(ProxyHandler.worthRetrying(true, TIMED_OUT, Duration.ofMillis(2001), TIMEOUT)).isFalse();
        assertThat(ProxyHandler.worthRetrying(true, TIMED_OUT, Duration.ofMillis(1200), TIMEOUT)).isFalse();
    }

    @Test
    void aTimeoutReportedLongBeforeTheBudgetIsAFailedConnectionNotASlowUpstream() {
        // "Read timed out" 16 ms into a 2 s budget: a kept-alive connection that failed on reuse.
        assertThat(ProxyHandler.worthRetrying(true, TIMED_OUT, Duration.ofMillis(16), TIMEOUT)).isTrue();
        assertThat(ProxyHandler.worthRetrying(false, TIMED_OUT, Duration.ofMillis(16), TIMEOUT)).isFalse();
    }
}
