package dev.mosaic.inventory.api;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Makes an error status reach the client. Helidon 4.1.6 answers a call that fails before any response as
 * "trailers only" without the {@code :status} pseudo-header, which gRPC clients report as
 * {@code INTERNAL: Missing HTTP status code} instead of the real status; sending the (empty) response headers
 * first turns it into an ordinary headers + trailers answer. Remove when Helidon is upgraded (fixed in 4.3).
 */
final class GrpcHeadersBeforeErrors implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            private boolean headersSent;

            @Override
            public void sendHeaders(Metadata responseHeaders) {
                headersSent = true;
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (!headersSent) {
                    sendHeaders(new Metadata());
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
