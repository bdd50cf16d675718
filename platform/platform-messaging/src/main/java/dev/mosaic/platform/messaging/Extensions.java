package dev.mosaic.platform.messaging;

import java.util.HashMap;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** CloudEvent extensions stored as a JSON object in one column. */
final class Extensions {

    private static final Jsonb JSON = JsonbBuilder.create();

    private Extensions() {
    }

    static String write(Map<String, String> extensions) {
        return JSON.toJson(extensions);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return JSON.fromJson(json, new HashMap<String, String>() { }.getClass().getGenericSuperclass());
    }
}
