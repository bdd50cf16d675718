package dev.mosaic.platform.web;

import jakarta.enterprise.context.Dependent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B settings of every service API: an unknown field in a request is an error (a typo such as
 * {@code "quantiy"} must not silently become a default), and nulls are left out of answers.
 */
@Provider
// Not a normal-scoped bean: a client proxy would hide the Jsonb type argument JAX-RS looks up resolvers by.
@Dependent
public class JsonbConfiguration implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .setProperty("jsonb.fail-on-unknown-properties", true)
            .withNullValues(false));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
