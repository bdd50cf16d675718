package dev.mosaic.platform.web;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mosaic.platform.dev.DevIssuer;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Every resource method admits exactly the callers its {@link Access} rule names, and none when it declares none. */
@ExtendWith(WebTestKeys.class)
@HelidonTest
@AddConfig(key = "mosaic.events.push.audience", value = "webtest-events")
class AccessControlIT {

    private static final String WORKLOAD = "Workload-Authorization";

    @Test
    void aCallWithoutAnyCredentialIs401() throws Exception {
        for (String path : new String[] {"/guarded/people", "/guarded/admins", "/guarded/orders-only"}) {
            assertProblem(get(path, Map.of()), 401, "unauthenticated");
        }
    }

    @Test
    void peopleWithTheRoleAndNamedWorkloadsPassOthersGet403() throws Exception {
        assertThat(body(get("/guarded/people", Map.of("Authorization", WebTestKeys.customer("c-1")))).getString("user")).isEqualTo("c-1");
        assertThat(body(get("/guarded/people", Map.of(WORKLOAD, WebTestKeys.workload("gateway")))).getString("workload")).isEqualTo("gateway");
        assertProblem(get("/guarded/people", Map.of(WORKLOAD, WebTestKeys.workload("payments"))), 403, "forbidden");

        assertProblem(get("/guarded/admins", Map.of("Authorization", WebTestKeys.customer("c-1"))), 403, "forbidden");
        assertThat(body(get("/guarded/admins", Map.of("Authorization", WebTestKeys.admin()))).getString("user")).isEqualTo("web-admin");
        assertProblem(get("/guarded/admins", Map.of(WORKLOAD, WebTestKeys.workload("orders"))), 403, "forbidden");
    }

    @Test
    void anEndpointForOneWorkloadRefusesOtherWorkloadsAndPeopleEvenAdmins() throws Exception {
        assertThat(body(get("/guarded/orders-only", Map.of(WORKLOAD, WebTestKeys.workload("orders")))).getString("workload")).isEqualTo("orders");
        // A workload token in Authorization (what Knative Eventing sends) names the workload too.
        assertThat(body(get("/guarded/orders-only", Map.of("Authorization", WebTestKeys.workload("orders")))).getString("workload")).isEqualTo("orders");
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, WebTestKeys.workload("gateway"))), 403, "forbidden");
        assertProblem(get("/guarded/orders-only", Map.of("Authorization", WebTestKeys.admin())), 403, "forbidden");
        // A customer's token is not a workload token, whichever header it is put in.
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, WebTestKeys.customer("orders"))), 401, "unauthenticated");
    }

    @Test
    void workloadTokensForAnotherServiceOrFromAnotherShapeAreRefused() throws Exception {
        DevIssuer issuer = WebTestKeys.issuer();
        String forInventory = "Bearer " + issuer.issueWorkload("orders", "inventory", Duration.ofMinutes(5));
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, forInventory)), 401, "unauthenticated");
        String notAServiceAccount = "Bearer " + issuer.sign(new JWTClaimsSet.Builder().issuer(DevIssuer.ISSUER)
                .audience(WebTestKeys.AUDIENCE).subject("orders").expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build());
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, notAServiceAccount)), 401, "unauthenticated");
        String foreign = "Bearer " + DevIssuer.loadOrCreate(java.nio.file.Files.createTempDirectory("foreign-issuer"))
                .issueWorkload("orders", WebTestKeys.AUDIENCE, Duration.ofMinutes(5));
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, foreign)), 401, "unauthenticated");
    }

    @Test
    void anEventSendersTokenForTheSinksAudienceNamesItsWorkloadOnlyInAuthorization() throws Exception {
        DevIssuer issuer = WebTestKeys.issuer();
        String forTheSink = "Bearer " + issuer.issueWorkload("orders", "webtest-events", Duration.ofMinutes(5));
        assertThat(body(get("/guarded/orders-only", Map.of("Authorization", forTheSink))).getString("workload")).isEqualTo("orders");
        assertProblem(get("/guarded/orders-only", Map.of(WORKLOAD, forTheSink)), 401, "unauthenticated");
        String forAnotherSink = "Bearer " + issuer.issueWorkload("orders", "other-events", Duration.ofMinutes(5));
        assertProblem(get("/guarded/orders-only", Map.of("Authorization", forAnotherSink)), 401, "unauthenticated");
    }

    @Test
    void aMethodWithoutARuleAdmitsNobodyNotEvenAnAdmin() throws Exception {
        HttpResponse<String> refused = get("/guarded/undeclared", Map.of("Authorization", WebTestKeys.admin()));
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.body()).doesNotContain("reached");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String kind) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(body(response).getString("type")).endsWith("/" + kind);
    }

    private static JsonObject body(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
