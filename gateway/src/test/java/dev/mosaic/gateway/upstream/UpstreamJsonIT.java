package dev.mosaic.gateway.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.mosaic.gateway.FakeResettingUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composed views' GETs: what is retried, and what is not. */
class UpstreamJsonIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final UpstreamJson client = new UpstreamJson(Duration.ofSeconds(1));

    @Test
    void aGetWhoseConnectionIsLostBeforeAnyAnswerIsSentOnceMore() throws Exception {
        try (FakeResettingUpstream upstream = new FakeResettingUpstream(1)) {
            UpstreamJson.Answer answer = client.get(URI.create(upstream.url() + "/payments/p-1"), List.of(), TIMEOUT);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().asJsonObject().getBoolean("ok")).isTrue();
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aGetIsSentAtMostTwice() throws Exception {
        try (FakeResettingUpstream upstream = new FakeResettingUpstream()) {
            assertThatThrownBy(() -> client.get(URI.create(upstream.url() + "/payments/p-1"), List.of(), TIMEOUT))
                    .isInstanceOf(UpstreamJson.Failure.class);

            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aPostIsNeverSentTwice() throws Exception {
        try (FakeResettingUpstream upstream = new FakeResettingUpstream(1)) {
            assertThatThrownBy(() -> client.post(URI.create(upstream.url() + "/dead-letters/1/redrive"), List.of(), TIMEOUT))
                    .isInstanceOf(UpstreamJson.Failure.class);

            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsNotRetried() {
        UpstreamJson.Failure refused = new UpstreamJson.Failure("refused the connection",
                                                                new java.net.ConnectException("Connection refused"));

        assertThat(UpstreamJson.lostConnection(refused)).isFalse();
        assertThat(UpstreamJson.lostConnection(new UpstreamJson.Failure("reset the connection",
                new java.io.UncheckedIOException(new java.net.SocketException("Connection reset"))))).isTrue();
    }

    @Test
    void aReadThatTimedOutLongBeforeItsTimeoutGoesOnceMoreButNotOneThatWaited() {
        UpstreamJson.Failure timedOut = new UpstreamJson.Failure("did not answer within 1000 ms",
                new java.io.UncheckedIOException(new java.net.SocketTimeoutException("Read timed out")));
        Duration timeout = Duration.ofSeconds(1);

        // 17 ms into a 1 s budget: a pooled connection that failed on reuse, not a slow upstream.
        assertThat(UpstreamJson.worthRetrying(timedOut, Duration.ofMillis(17), timeout)).isTrue();
        assertThat(UpstreamJson.worthRetrying(timedOut, Duration.ofMillis(1001), timeout)).isFalse();
        assertThat(UpstreamJson.worthRetrying(timedOut, Duration.ofMillis(600), timeout)).isFalse();
        UpstreamJson.Failure refused = new UpstreamJson.Failure("refused the connection",
                new java.net.ConnectException("Connection refused"));
        assertThat(UpstreamJson.worthRetrying(refused, Duration.ofMillis(3), timeout)).isFalse();
    }
}
