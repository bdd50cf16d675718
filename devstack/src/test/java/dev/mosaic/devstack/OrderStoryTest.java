package dev.mosaic.devstack;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderStoryTest {

    @Test
    void onlyTopLevelStringsAreRead() {
        assertThat(OrderStory.strings("{\"timestamp\":\"2026-11-26T08:00:00Z\",\"nested\":{\"subject\":\"x\",\"deeper\":[\"y\"]},"
                + "\"subject\":\"o-1\",\"durationMs\":40,\"ok\":true,\"none\":null,\"ids\":[\"a\",\"b\"],"
                + "\"message\":\"caf\\u00e9 \\\"quoted\\\"\\nnext\"}"))
                .containsOnlyKeys("timestamp", "subject", "message")
                .containsEntry("subject", "o-1")
                .containsEntry("message", "café \"quoted\"\nnext");
    }

    @Test
    void aDamagedLineGivesWhatWasReadBeforeTheDamage() {
        String cut = "{\"timestamp\":\"2026-11-26T08:00:00.100Z\",\"subject\":\"o-1\",\"message\":\"Order o-1 pla";

        assertThat(OrderStory.strings(cut)).containsOnlyKeys("timestamp", "subject");
        assertThat(OrderStory.about("o-1", cut)).hasValue(Instant.parse("2026-11-26T08:00:00.100Z"));
        assertThat(OrderStory.strings("{\"timestamp\" 12}")).isEmpty();
    }

    @Test
    void aLineIsAboutTheOrderByItsFieldOrItsMessage() {
        assertThat(OrderStory.about("o-1", "{\"timestamp\":\"2026-11-26T08:00:00Z\",\"message\":\"m\",\"subject\":\"o-1\"}"))
                .isPresent();
        assertThat(OrderStory.about("o-1", "{\"timestamp\":\"2026-11-26T08:00:00Z\",\"message\":\"Order o-1 CONFIRMED\"}"))
                .isPresent();
        assertThat(OrderStory.about("o-1", "{\"timestamp\":\"2026-11-26T08:00:00Z\",\"nested\":{\"subject\":\"o-1\"}}"))
                .as("only a nested mention").isEmpty();
        assertThat(OrderStory.about("o-1", "{\"message\":\"Order o-1\"}")).as("no timestamp").isEmpty();
        assertThat(OrderStory.about("o-1", "not json but about o-1")).isEmpty();
    }
}
