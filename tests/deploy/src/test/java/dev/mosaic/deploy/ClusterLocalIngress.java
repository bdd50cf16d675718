package dev.mosaic.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Kourier's internal listener does for one cluster-local Knative Service, on port 80 of an address of its own:
 * an HTTP/1.1 request is routed only when its Host is one of the names Knative gives the Service
 * ({@code <name>.<namespace>}, {@code ...svc}, {@code ...svc.cluster.local}), else answered 404 as the ingress
 * does; HTTP/2 without TLS (h2c, gRPC) is passed to the pod. The Host of the first request of a connection decides
 * for the whole connection (HTTP clients keep one connection per host), and an h2c connection's :authority is not
 * read (HPACK): a gRPC target's name is checked from the manifests instead (CrossChecks).
 */
final class ClusterLocalIngress implements AutoCloseable {

    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern HOST = Pattern.compile("(?im)^host:\\s*([^\\s:]+)(?::\\d+)?\\s*$");
    private static final int MAX_HEAD = 16 * 1024;

    private final String service;
    private final Set<String> routed;
    private final InetSocketAddress pod;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Host names this ingress refused, in order: what a test shows a misnamed caller got. */
    private final List<String> refused = new CopyOnWriteArrayList<>();

    ClusterLocalIngress(String service, String namespace, InetAddress address, InetSocketAddress pod) throws IOException {
        this.service = service;
        String name = service + "." + namespace;
        this.routed = Set.of(name, name + ".svc", name + ".svc.cluster.local");
        this.pod = pod;
        this.server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(address, 80));
        } catch (IOException e) {
            throw new IOException("Cannot listen on " + address.getHostAddress() + ":80 as the cluster-local ingress of "
                    + service + " (" + e.getMessage() + "): URLs without a port mean port 80, which needs root or a lower "
                    + "net.ipv4.ip_unprivileged_port_start", e);
        }
        Thread.ofVirtual().name("ingress-" + service).start(this::accept);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            boolean h2c = startsWith(head, H2_PREFACE);
            if (!h2c) {
                Matcher host = HOST.matcher(text);
                String name = host.find() ? host.group(1).toLowerCase(Locale.ROOT) : "";
                if (!routed.contains(name)) {
                    refused.add(name);
                    notFound(client.getOutputStream(), name);
                    return;
                }
            }
            try (Socket upstream = new Socket(pod.getAddress(), pod.getPort())) {
                open.add(upstream);
                upstream.getOutputStream().write(head);
                upstream.getOutputStream().flush();
                Thread back = Thread.ofVirtual().start(() -> pipe(upstream, client));
                pipe(client, upstream, in);
                back.join();
            }
        } catch (IOException e) {
            // The client or the pod went away: so does the connection, as through a real ingress.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request head (up to the blank line), or the h2c preface, or what came before the connection ended. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while (head.size() < MAX_HEAD && (b = in.read()) != -1) {
            head.write(b);
            byte[] sofar = head.toByteArray();
            if (startsWith(sofar, H2_PREFACE) && sofar.length == H2_PREFACE.length) {
                break;
            }
            if (sofar.length >= 4 && sofar[sofar.length - 4] == '\r' && sofar[sofar.length - 3] == '\n'
                    && sofar[sofar.length - 2] == '\r' && sofar[sofar.length - 1] == '\n' && !startsWith(H2_PREFACE, sofar)) {
                break;
            }
        }
        return head.toByteArray();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void notFound(OutputStream out, String host) throws IOException {
        byte[] body = ("no route for host '" + host + "' at the cluster-local ingress of " + service + " (routed: "
                + routed + ")\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: " + body.length
                + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            pipe(from, to, from.getInputStream());
        } catch (IOException e) {
            // closed
        }
    }

    private static void pipe(Socket from, Socket to, InputStream in) {
        try {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: end both
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        List<IOException> failures = new ArrayList<>();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
