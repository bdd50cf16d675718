package dev.mosaic.platform.core;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"req-1", "a.b_c:d-e", "0b4f1c52-3c1e-4b7e-9d55-6c4e0a1f2b3c"})
    void aSafeIdIsKept(String id) {
        assertThat(RequestIds.accept(" " + id + " ")).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "line\nbreak", "{\"json\":1}", "abc+def/ghi="})
    void anUnsafeIdIsReplaced(String unsafe) {
        assertThat(RequestIds.accept(unsafe)).isEmpty();
        assertThat(RequestIds.acceptOrNew(unsafe)).isNotEqualTo(unsafe).matches("[0-9a-f-]{36}");
    }

    @Test
    void anIdLongerThan128CharactersIsReplaced() {
        assertThat(RequestIds.accept("x".repeat(128))).isPresent();
        assertThat(RequestIds.accept("x".repeat(129))).isEmpty();
    }

    @Test
    void aNewIdIsAVersion4Uuid() {
        String first = RequestIds.newId();

        assertThat(UUID.fromString(first).version()).isEqualTo(4);
        assertThat(UUID.fromString(first).variant()).isEqualTo(2);
        assertThat(UUID.fromString(first)).hasToString(first);
        assertThat(RequestIds.newId()).isNotEqualTo(first);
    }
}
