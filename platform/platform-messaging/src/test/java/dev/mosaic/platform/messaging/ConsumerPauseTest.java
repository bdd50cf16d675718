package dev.mosaic.platform.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the consumer waits before reading again a record that could not reach an end: growing for an outage,
 * constant and short when the service's pool only had no free connection (the service is busy, the database fine).
 * A growing pause there stopped the saga for seconds at the moment the service was busiest.
 */
class ConsumerPauseTest {

    private static final long BACKOFF = 200;

    @Test
    void anOutageIsWaitedOutWithAPauseThatDoublesUpToFiveSeconds() {
        long wait = 0;
        StringBuilder waits = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            wait = ConsumerRunner.nextWait(wait, false, BACKOFF);
            waits.append(wait).append(' ');
        }
        assertThat(waits.toString().strip()).isEqualTo("200 400 800 1600 3200 5000 5000");
    }

    @Test
    void aBusyPoolNeverGrowsThePause() {
        long wait = ConsumerRunner.nextWait(0, false, BACKOFF);
        wait = ConsumerRunner.nextWait(wait, false, BACKOFF);
        wait = ConsumerRunner.nextWait(wait, false, BACKOFF);
        assertThat(wait).isEqualTo(800);

        // The database answered but the pool was dry: back to the short pause, and it stays there.
        assertThat(ConsumerRunner.nextWait(wait, true, BACKOFF)).isEqualTo(BACKOFF);
        assertThat(ConsumerRunner.nextWait(BACKOFF, true, BACKOFF)).isEqualTo(BACKOFF);
    }
}
