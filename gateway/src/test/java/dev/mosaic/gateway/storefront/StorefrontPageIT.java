package dev.mosaic.gateway.storefront;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mosaic.gateway.Gateway;
import dev.mosaic.platform.auth.Caller;
import dev.mosaic.platform.dev.DevIssuer;
import dev.mosaic.platform.auth.TokenVerifier;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront's page, its product pictures and the development sign-in, which exists only where configured. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StorefrontPageIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private WebServer gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void theShopIsServedAtTheRootUnderAPolicyPinnedToItsOwnScriptAndStyle() throws Exception {
        start(null);

        HttpResponse<String> page = send("GET", "/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        assertThat(page.body()).contains("<title>Mosaic shop</title>").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.body().length()).isLessThan(60_000);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .matches("default-src 'none'; connect-src 'self'; img-src 'self' data:; script-src 'sha256-[^']+'; "
                         + "style-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    @Test
    void withoutTheDevelopmentIssuerConfiguredThereIsNoSignInDoor() throws Exception {
        start(null);

        assertThat(send("GET", "/dev/sign-in", null).statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/dev/sign-in", "{\"customer\":\"customer-1\"}");
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theDevelopmentSignInHandsOutAVerifiableCustomerTokenInTheBodyOnly() throws Exception {
        DevIssuer issuer = DevIssuer.loadOrCreate(Files.createTempDirectory("storefront-it"));
        start(issuer.jwksFile().getParent());

        HttpResponse<String> choices = send("GET", "/dev/sign-in", null);
        assertThat(choices.statusCode()).isEqualTo(200);
        assertThat(json(choices.body()).getJsonArray("customers")).hasSize(3);

        HttpResponse<String> answer = send("POST", "/dev/sign-in", "{\"customer\":\"customer-2\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject body = json(answer.body());
        Caller caller = TokenVerifier.create(issuer.settings()).verify(body.getString("token"));
        assertThat(caller.subject()).isEqualTo("customer-2");
        assertThat(caller.roles()).containsExactly(Caller.CUSTOMER);
        assertThat(body.getInt("expiresIn")).isEqualTo(3600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"customer\":\"root\"}", "{\"customer\":1}", "[]", "not json", ""})
    void aSignInForNobodyItOffersIsA400Problem(String request) throws Exception {
        start(DevIssuer.loadOrCreate(Files.createTempDirectory("storefront-it")).jwksFile().getParent());

        HttpResponse<String> answer = send("POST", "/dev/sign-in", request);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("eyJ");
    }

    @Test
    void withAnIdentityProviderThePageLearnsWhereToSignInAndMayCallOnlyItsTokenEndpointBesidesTheGateway() throws Exception {
        startWith("sign-in: {client-id: storefront, authorization-endpoint: 'https://login.example.org/realms/shop/auth', "
                + "token-endpoint: 'https://login.example.org:8443/realms/shop/token', audience: mosaic}");

        HttpResponse<String> oidc = send("GET", "/auth/oidc", null);
        assertThat(oidc.statusCode()).isEqualTo(200);
        JsonObject provider = json(oidc.body());
        assertThat(provider.getString("clientId")).isEqualTo("storefront");
        assertThat(provider.getString("authorizationEndpoint")).isEqualTo("https://login.example.org/realms/shop/auth");
        assertThat(provider.getString("tokenEndpoint")).isEqualTo("https://login.example.org:8443/realms/shop/token");
        assertThat(provider.getString("scope")).isEqualTo("openid");
        assertThat(provider.getString("audience")).isEqualTo("mosaic");
        assertThat(send("GET", "/", null).headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' https://login.example.org:8443;").contains("form-action 'none'");
    }

    @Test
    void withoutAnIdentityProviderThereIsNoSignInToLearnAbout() throws Exception {
        start(null);

        HttpResponse<String> oidc = send("GET", "/auth/oidc", null);
        assertThat(oidc.statusCode()).isEqualTo(404);
        assertThat(oidc.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sign-in: {client-id: storefront, authorization-endpoint: 'http://login.example.org/auth', token-endpoint: 'https://login.example.org/token'}",
            "sign-in: {client-id: storefront, authorization-endpoint: 'https://login.example.org/auth'}",
            "sign-in: {client-id: storefront, authorization-endpoint: '/auth', token-endpoint: 'https://login.example.org/token'}",
            "sign-in: {authorization-endpoint: 'https://login.example.org/auth', token-endpoint: 'https://login.example.org/token'}"})
    void anIdentityProviderHalfOrInsecurelyConfiguredStopsTheStartNamingTheKey(String signIn) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startWith(signIn))
                .hasStackTraceContaining("mosaic.gateway.sign-in.");
    }

    @Test
    void productPicturesAreSmallCachedSvgAndOnlyForSkuShapedNames() throws Exception {
        start(null);

        HttpResponse<String> picture = send("GET", "/images/products/tea-sen-100.svg", null);
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(picture.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(picture.body()).startsWith("<svg").contains("TEA-SEN-100").doesNotContain("<script");
        assertThat(picture.body().length()).isLessThan(1_000);

        for (String bad : new String[] {"TEA-SEN-100.svg", "tea.png", "%2e%2e.svg", "a%3Cb.svg"}) {
            assertThat(send("GET", "/images/products/" + bad, null).statusCode()).as(bad).isIn(400, 404);
        }
    }

    private void start(Path issuerDir) {
        startWith(issuerDir == null ? "" : "dev-sign-in: {issuer-dir: " + issuerDir + "}");
    }

    private void startWith(String gatewaySettings) {
        String yaml = """
                server: {port: 0, host: 127.0.0.1}
                mosaic:
                  upstream: {catalog: http://127.0.0.1:9}
                  gateway:
                    %s
                    routes:
                      - {prefix: /api/products, upstream: catalog, access: public}
                """.formatted(gatewaySettings);
        gateway = Gateway.start(Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML)));
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        return Json.createReader(new java.io.StringReader(body)).readObject();
    }
}
