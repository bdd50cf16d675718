package dev.mosaic.platform.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void plainTextIsQuotedAsItIs() {
        assertThat(Json.quote("")).isEqualTo("\"\"");
        assertThat(Json.quote("GET /api/products 200 3 ms")).isEqualTo("\"GET /api/products 200 3 ms\"");
        assertThat(Json.quote("Kaffee für Zürich")).isEqualTo("\"Kaffee für Zürich\"");
    }

    @Test
    void whatJsonCannotHoldIsEscapedWhereverItStands() {
        assertThat(Json.quote("\"first")).isEqualTo("\"\\\"first\"");
        assertThat(Json.quote("last\\")).isEqualTo("\"last\\\\\"");
        assertThat(Json.quote("one\ntwo\r\tthree")).isEqualTo("\"one\\ntwo\\r\\tthree\"");
        assertThat(Json.quote("bell\u0007 and \u001f")).isEqualTo("\"bell\\u0007 and \\u001f\"");
        assertThat(Json.quote("after a plain start \"quoted\"")).isEqualTo("\"after a plain start \\\"quoted\\\"\"");
    }

    @Test
    void quotingAppendsToWhatIsAlreadyWritten() {
        assertThat(Json.quote(new StringBuilder("{"), "k").append(':')).hasToString("{\"k\":");
    }
}
