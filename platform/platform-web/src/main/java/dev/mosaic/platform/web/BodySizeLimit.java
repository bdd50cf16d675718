package dev.mosaic.platform.web;

import dev.mosaic.platform.core.RequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over {@code mosaic.web.max-body-bytes} with a 413 problem: at once when
 * Content-Length says so, and while reading when the body is chunked, so no body is buffered unbounded.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
@ApplicationScoped
public class BodySizeLimit implements ContainerRequestFilter, ReaderInterceptor {

    private final long maxBytes;

    @Inject
    public BodySizeLimit(@ConfigProperty(name = "mosaic.web.max-body-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    request.abortWith(ProblemMapper.toResponse(ProblemException.payloadTooLarge(maxBytes),
                            "/" + request.getUriInfo().getPath().replaceFirst("^/", "")));
                }
            } catch (NumberFormatException e) {
                request.abortWith(ProblemMapper.toResponse(
                        new ProblemException(400, "bad-request", "Bad request", "Content-Length is not a number"),
                        null));
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), maxBytes));
        return context.proceed();
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw ProblemException.payloadTooLarge(max);
            }
        }
    }
}
