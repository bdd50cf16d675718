package dev.mosaic.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * A self-contained HTML page from the classpath (no CDN, no external files), served with a Content-Security-Policy
 * that allows exactly its own inline {@code <script>} and {@code <style>} (by hash) and calls back to this origin:
 * data the page shows comes from services, and anything crafted in it to inject markup finds nothing it could run.
 */
public final class InlinePage {

    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final byte[] html;
    private final String policy;

    private InlinePage(String html, List<String> connectOrigins) {
        this.html = html.getBytes(StandardCharsets.UTF_8);
        this.policy = contentSecurityPolicy(html, connectOrigins);
    }

    /** Reads {@code resource}; fails at startup, naming it, when the gateway was packaged without it. */
    public static InlinePage load(String resource) {
        return load(resource, List.of());
    }

    /** As {@link #load(String)}, for a page that may also call {@code connectOrigins} (such as an identity provider). */
    public static InlinePage load(String resource, List<String> connectOrigins) {
        try (InputStream in = InlinePage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the gateway's classpath");
            }
            return new InlinePage(new String(in.readAllBytes(), StandardCharsets.UTF_8), connectOrigins);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(ServerResponse res) {
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8"));
        res.header(HeaderValues.create(HeaderNames.create("Content-Security-Policy"), policy));
        res.header(HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff"));
        res.status(Status.OK_200).send(html);
    }

    private static String contentSecurityPolicy(String html, List<String> connectOrigins) {
        StringBuilder scripts = new StringBuilder();
        StringBuilder styles = new StringBuilder();
        Matcher m = INLINE.matcher(html);
        while (m.find()) {
            (m.group(1).equals("script") ? scripts : styles).append(" 'sha256-").append(sha256(m.group(2))).append('\'');
        }
        String connect = connectOrigins.stream().map(origin -> " " + origin).collect(Collectors.joining());
        return "default-src 'none'; connect-src 'self'" + connect + "; img-src 'self' data:; script-src" + scripts
                + "; style-src" + styles + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
