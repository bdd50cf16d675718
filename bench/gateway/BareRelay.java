import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

/**
 * The floor under the gateway: Helidon SE's server and HTTP/1.1 client, the libraries the gateway is built on, relaying
 * every request to one upstream over pooled connections with nothing else (no filters, routes, ids, tokens, meters or
 * log lines). `./mosaic bench gateway` measures it beside the gateway (`--no-bare` skips it); what the gateway costs above it is the
 * gateway's own work, what it costs itself is what any proxy on these libraries pays.
 *
 * <p>Run by the JDK's source launcher with the gateway's libraries: {@code java -cp 'gateway/target/libs/*'
 * bench/gateway/BareRelay.java <port> <upstream base URL>}.
 */
public final class BareRelay {

    private static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");

    private BareRelay() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        Http1Client client = Http1Client.builder()
                .baseUri(upstream)
                .connectTimeout(Duration.ofSeconds(1))
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .keepAlive(true)
                .build();
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(routing -> routing
                        .get("/health/ready", (req, res) -> res.send("ready"))
                        .any((req, res) -> {
                            String path = req.path().rawPath();
                            // The gateway's catalog route strips "/api" in the same way.
                            String target = path.startsWith("/api") ? path.substring(4) : path;
                            // Every proxy in the comparison sets a request id.
                            res.header(X_REQUEST_ID, Long.toHexString(ThreadLocalRandom.current().nextLong()));
                            try (Http1ClientResponse answer = client.method(req.prologue().method()).path(target).request()) {
                                for (Header header : answer.headers()) {
                                    if (!header.headerName().equals(HeaderNames.CONNECTION)) {
                                        res.header(header);
                                    }
                                }
                                res.status(answer.status());
                                try (OutputStream out = res.outputStream(); InputStream body = answer.inputStream()) {
                                    body.transferTo(out);
                                }
                            }
                        }))
                .build()
                .start();
    }
}
