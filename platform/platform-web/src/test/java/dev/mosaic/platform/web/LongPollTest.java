package dev.mosaic.platform.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongPollTest {

    private static final Duration MAX = Duration.ofSeconds(3);

    @Test
    void theWaitIsTakenFromAnyPositionInPreferAndCappedAtTheServersMaximum() {
        assertThat(LongPoll.requestedWait("wait=2", MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(LongPoll.requestedWait("respond-async, Wait=1", MAX)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LongPoll.requestedWait("wait=\"2\"; foo=bar", MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(LongPoll.requestedWait("wait=600", MAX)).isEqualTo(MAX);
    }

    @Test
    void aMissingOrUnreadableWaitIsNoWaitNeverAnError() {
        assertThat(LongPoll.requestedWait(null, MAX)).isZero();
        assertThat(LongPoll.requestedWait("return=minimal", MAX)).isZero();
        assertThat(LongPoll.requestedWait("wait=soon", MAX)).isZero();
        assertThat(LongPoll.requestedWait("wait=-1", MAX)).isZero();
        assertThat(LongPoll.requestedWait("wait=", MAX)).isZero();
        assertThat(LongPoll.requestedWait("wait=99999999999999999999", MAX)).isZero();
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndAStar() {
        String etag = LongPoll.etag("3");
        assertThat(etag).isEqualTo("\"3\"");
        assertThat(LongPoll.matches("\"3\"", etag)).isTrue();
        assertThat(LongPoll.matches("W/\"3\"", etag)).isTrue();
        assertThat(LongPoll.matches("\"1\", \"3\"", etag)).isTrue();
        assertThat(LongPoll.matches("*", etag)).isTrue();
        assertThat(LongPoll.matches("\"2\"", etag)).isFalse();
        assertThat(LongPoll.matches("3", etag)).isFalse();
        assertThat(LongPoll.matches(null, etag)).isFalse();
        assertThat(LongPoll.namesATag("\"3\"")).isTrue();
        assertThat(LongPoll.namesATag("*")).isFalse();
        assertThat(LongPoll.namesATag(null)).isFalse();
    }
}
