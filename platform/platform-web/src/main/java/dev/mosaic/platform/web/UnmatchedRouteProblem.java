package dev.mosaic.platform.web;

import dev.mosaic.platform.core.Problem;

import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;

/**
 * Answers a request that no route of the server takes (no resource, no health/metrics/openapi endpoint)
 * with the same 404 problem+json as everything else, instead of the web server's plain-text default.
 */
@ApplicationScoped
public class UnmatchedRouteProblem {

    private static final Logger LOG = Logger.getLogger(UnmatchedRouteProblem.class.getName());

    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored,
                  BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder()
                .error(NotFoundException.class, (req, res, e) -> {
                    String path = req.path().path();
                    res.status(Status.NOT_FOUND_404);
                    res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
                    LOG.fine(() -> "No route for " + req.prologue().method().text() + " " + path);
                    res.send(ProblemMapper.toResponse(new ProblemException(404, "not-found", "Not found",
                            "No resource at this path"), path).getEntity().toString());
                });
    }
}
