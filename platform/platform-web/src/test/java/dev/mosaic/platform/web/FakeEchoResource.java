package dev.mosaic.platform.web;

import java.net.URI;
import java.util.Map;

import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Test resources: {@code /echo} reports the correlation headers it received; {@code /relay} calls it via a REST client;
 * {@code /items/{id}} knows item 42 only.
 */
@Path("/")
@ApplicationScoped
@Access(roles = Access.CUSTOMER)
public class FakeEchoResource {

    /** What /echo saw. */
    public record Seen(String requestId, String traceparent) {
    }

    /** The REST client interface of /echo. */
    @Path("/")
    public interface EchoClient {
        @GET
        @Path("/echo")
        @Produces(MediaType.APPLICATION_JSON)
        Map<String, String> echo(@HeaderParam("Authorization") String authorization);
    }

    @GET
    @Path("/echo")
    @Produces(MediaType.APPLICATION_JSON)
    public Seen echo(@HeaderParam("X-Request-Id") String requestId, @HeaderParam("traceparent") String traceparent) {
        return new Seen(requestId, traceparent);
    }

    @GET
    @Path("items/{id}/")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> item(@PathParam("id") String id) {
        if (!"42".equals(id)) {
            throw ProblemException.notFound("item", id);
        }
        return Map.of("id", id);
    }

    @GET
    @Path("/relay")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> relay(@HeaderParam("Authorization") String authorization) {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        return RestClientBuilder.newBuilder().baseUri(URI.create("http://127.0.0.1:" + port)).build(EchoClient.class).echo(authorization);
    }
}
