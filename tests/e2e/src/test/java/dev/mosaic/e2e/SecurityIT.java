package dev.mosaic.e2e;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mosaic.platform.dev.DevIssuer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The black-box security suite: a real stack started by {@code ./mosaic up}, attacked through the gateway and
 * directly on every service port, as a careless or compromised neighbour would. Every door refuses forged
 * credentials (401), callers without the role or of the wrong workload (403), and forged events; and after every
 * attempt the shop's state (prices, stock, orders, payments, notifications) is asserted unchanged. The threat model
 * it proves is docs/security.md.
 */
class SecurityIT {

    private static final MosaicStack STACK = new MosaicStack("security", 19000, Map.of());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String CUSTOMER = "customer-sec";
    private static final String SKU = "COF-KEN-250";
    private static final String WORKLOAD_HEADER = "Workload-Authorization";

    /** A customer door per service port, and the gateway's. */
    private static final Map<String, String> CUSTOMER_DOORS = new LinkedHashMap<>();

    @BeforeAll
    static void startTheStack() {
        MosaicStack.assumeWholeStackBuilt("the security suite");
        STACK.clean();
        STACK.ok("up", "--detach");
        CUSTOMER_DOORS.put("gateway", STACK.url(8080, "/api/orders"));
        CUSTOMER_DOORS.put("catalog", STACK.url(8081, "/products"));
        CUSTOMER_DOORS.put("inventory", STACK.url(8082, "/stock/" + SKU));
        CUSTOMER_DOORS.put("orders", STACK.url(8083, "/orders"));
        CUSTOMER_DOORS.put("payments", STACK.url(8084, "/payments"));
        CUSTOMER_DOORS.put("notifications", STACK.url(8085, "/notifications"));
        // Something to protect: one confirmed order of the customer, with its payment and notifications.
        JsonObject placed = json(send("POST", STACK.url(8080, "/api/orders"), customer(),
                "{\"lines\":[{\"sku\":\"" + SKU + "\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}", Map.of()).body());
        MosaicStack.awaitWithin(Duration.ofSeconds(60), "the first order confirmed", () -> "CONFIRMED".equals(
                json(send("GET", STACK.url(8080, "/api/orders/" + placed.getString("id")), customer(), null, Map.of()).body())
                        .getString("status", "")));
    }

    @AfterAll
    static void stopTheStack() {
        STACK.downAndKillLeftovers();
    }

    @Test
    void everyForgedTokenIsRefusedWith401AtTheGatewayAndAtEveryServicePortAndChangesNothing() throws Exception {
        Map<String, String> state = state();
        Map<String, String> forged = forgedTokens();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> door : CUSTOMER_DOORS.entrySet()) {
            for (Map.Entry<String, String> token : forged.entrySet()) {
                HttpResponse<String> answer = send("GET", door.getValue(), token.getValue(), null, Map.of());
                if (answer.statusCode() != 401 || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    failures.add(door.getKey() + " with " + token.getKey() + ": " + answer.statusCode() + " " + answer.body());
                }
            }
            // The same forgeries as a workload token.
            for (Map.Entry<String, String> token : forged.entrySet()) {
                if (token.getValue() == null || door.getKey().equals("gateway")) {
                    continue;
                }
                HttpResponse<String> answer = send("GET", door.getValue(), null, null, Map.of(WORKLOAD_HEADER, token.getValue()));
                if (answer.statusCode() != 401) {
                    failures.add(door.getKey() + " with " + token.getKey() + " as workload: " + answer.statusCode() + " " + answer.body());
                }
            }
        }
        assertThat(failures).as("doors that let a forged credential through").isEmpty();
        assertThat(state()).isEqualTo(state);
    }

    @Test
    void aCustomerOnAnAdminEndpointOfAnyServiceIs403AndChangesNothing() throws Exception {
        Map<String, String> state = state();
        List<String[]> adminCalls = List.of(
                new String[] {"PUT", STACK.url(8081, "/admin/products/" + SKU), "{\"name\":\"x\",\"description\":\"x\",\"category\":\"coffee\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}"},
                new String[] {"PUT", STACK.url(8082, "/admin/stock/" + SKU), "{\"available\":0}"},
                new String[] {"GET", STACK.url(8083, "/admin/orders"), null},
                new String[] {"PUT", STACK.url(8084, "/admin/provider"), "{\"latencyMs\":0,\"failureRate\":1.0}"},
                new String[] {"GET", STACK.url(8085, "/admin/dead-letters"), null},
                new String[] {"POST", STACK.url(8083, "/admin/dead-letters/redrive"), null},
                new String[] {"POST", STACK.url(8081, "/admin/outbox/flush"), null},
                new String[] {"GET", STACK.url(8080, "/ops/api/status"), null});
        for (String[] call : adminCalls) {
            HttpResponse<String> answer = send(call[0], call[1], customer(), call[2], Map.of());
            assertThat(answer.statusCode()).as(call[0] + " " + call[1] + ": " + answer.body()).isEqualTo(403);
            // Without any credential: 401.
            assertThat(send(call[0], call[1], null, call[2], Map.of()).statusCode()).as(call[1]).isEqualTo(401);
        }
        assertThat(state()).isEqualTo(state);
    }

    @Test
    void aCustomerSeesOnlyTheirOwnPaymentsWhateverTheQuerySays() throws Exception {
        String other = "Bearer " + issuer().issue("someone-else", false, Duration.ofMinutes(10));
        JsonArray mine = Json.createReader(new StringReader(send("GET", STACK.url(8084, "/payments?customerId=" + CUSTOMER), customer(), null, Map.of()).body())).readArray();
        JsonArray theirs = Json.createReader(new StringReader(send("GET", STACK.url(8084, "/payments?customerId=" + CUSTOMER), other, null, Map.of()).body())).readArray();
        assertThat(mine).isNotEmpty();
        assertThat(theirs).isEmpty();
        String orderId = mine.getJsonObject(0).getString("orderId");
        assertThat(send("GET", STACK.url(8084, "/payments/" + orderId), other, null, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aWorkloadOnAnotherWorkloadsEndpointIs403AndChangesNothing() throws Exception {
        Map<String, String> state = state();
        String gatewayToInventory = "Bearer " + Files.readString(STACK.home().resolve("auth/workloads/gateway/inventory")).strip();
        String ordersToInventory = "Bearer " + Files.readString(STACK.home().resolve("auth/workloads/orders/inventory")).strip();
        String ordersToCatalog = "Bearer " + Files.readString(STACK.home().resolve("auth/workloads/orders/catalog")).strip();
        String zero = "{\"available\":0}";

        // Stock is read by people and the gateway, not by orders; and no workload may set it. (Only orders may reserve
        // stock, over gRPC: InventoryGrpcIT.onlyOrdersMayReserveAndARefusedCallChangesNothing.)
        assertThat(send("GET", STACK.url(8082, "/stock/" + SKU), null, null, Map.of(WORKLOAD_HEADER, ordersToInventory)).statusCode()).isEqualTo(403);
        assertThat(send("PUT", STACK.url(8082, "/admin/stock/" + SKU), null, zero, Map.of(WORKLOAD_HEADER, gatewayToInventory)).statusCode()).isEqualTo(403);
        assertThat(send("PUT", STACK.url(8082, "/admin/stock/" + SKU), null, zero, Map.of()).statusCode()).isEqualTo(401);
        // A workload is not an admin; and a token for one callee is refused by another.
        assertThat(send("PUT", STACK.url(8081, "/admin/products/" + SKU), null, "{}", Map.of(WORKLOAD_HEADER, ordersToCatalog)).statusCode()).isEqualTo(403);
        assertThat(send("GET", STACK.url(8081, "/products"), null, null, Map.of(WORKLOAD_HEADER, ordersToInventory)).statusCode()).isEqualTo(401);
        assertThat(state()).isEqualTo(state);
        // The gateway's workload itself passes: the door is closed to others, not jammed.
        assertThat(send("GET", STACK.url(8082, "/stock/" + SKU), null, null, Map.of(WORKLOAD_HEADER, gatewayToInventory)).statusCode()).isEqualTo(200);
    }

    @Test
    void eventsForgedOnAnotherServicesTopicOrPushedOverHttpChangeNothing() throws Exception {
        Map<String, String> state = state();
        String futurePrice = "{\"sku\":\"" + SKU + "\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}";
        String orderId = confirmedOrderId();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + STACK.port(9092));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            // A price change forged by payments or inventory (they can write their own topics, not catalog's), on
            // the topics orders reads.
            for (String topic : List.of("payments.events", "inventory.events")) {
                producer.send(record(topic, SKU, "dev.mosaic.product.price-changed.v1", "/mosaic/catalog", futurePrice)).get();
            }
            // A cancellation forged on the payments topic (notifications reads it), and a refund forged on catalog's.
            producer.send(record("payments.events", orderId, "dev.mosaic.order.cancelled.v1", "/mosaic/orders",
                    "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + CUSTOMER + "\",\"reason\":\"CUSTOMER_CANCELLED\"}")).get();
            producer.send(record("catalog.events", orderId, "dev.mosaic.payment.refunded.v1", "/mosaic/payments",
                    "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + CUSTOMER + "\",\"amount\":{\"amount\":1490,\"currency\":\"EUR\"}}")).get();
            // On every other topic a consumer reads, an event whose type another topic owns.
            String authorized = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + CUSTOMER + "\",\"amount\":{\"amount\":1,\"currency\":\"EUR\"}}";
            producer.send(record("catalog.events", orderId, "dev.mosaic.payment.authorized.v1", "/mosaic/payments", authorized)).get();
            producer.send(record("orders.events", orderId, "dev.mosaic.payment.authorized.v1", "/mosaic/payments", authorized)).get();
            producer.send(record("orders.events", orderId, "dev.mosaic.stock.reserve.v1", "/mosaic/orders",
                    "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"sku\":\"" + SKU + "\",\"quantity\":5}]}")).get();
            producer.send(record("inventory.commands", orderId, "dev.mosaic.order.cancelled.v1", "/mosaic/orders",
                    "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + CUSTOMER + "\",\"reason\":\"CUSTOMER_CANCELLED\"}")).get();
        }
        // Refused means dead-lettered where an operator sees it, not applied.
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the forged price changes dead-lettered by orders",
                () -> deadLetters(8083, "dev.mosaic.product.price-changed.v1") >= 2);
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the forged cancellation dead-lettered by notifications",
                () -> deadLetters(8085, "dev.mosaic.order.cancelled.v1") >= 1);
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the forged payment dead-lettered by orders and notifications",
                () -> deadLetters(8083, "dev.mosaic.payment.authorized.v1") >= 1 && deadLetters(8085, "dev.mosaic.payment.authorized.v1") >= 1);
        MosaicStack.awaitWithin(Duration.ofSeconds(30), "the forged reservation and cancellation dead-lettered by inventory",
                () -> deadLetters(8082, "dev.mosaic.stock.reserve.v1") >= 1 && deadLetters(8082, "dev.mosaic.order.cancelled.v1") >= 1);
        // Pushed over HTTP: there is no /events door in poll mode, with or without a token.
        for (int port : new int[] {8081, 8082, 8083, 8084, 8085}) {
            HttpResponse<String> pushed = send("POST", STACK.url(port, "/events"), null, futurePrice,
                    Map.of("ce-specversion", "1.0", "ce-id", UUID.randomUUID().toString(), "ce-source", "/mosaic/catalog",
                           "ce-type", "dev.mosaic.product.price-changed.v1", "ce-subject", SKU, "ce-time", "2999-01-01T00:00:00Z"));
            assertThat(pushed.statusCode()).as("POST /events on " + port).isEqualTo(404);
        }
        assertThat(state()).isEqualTo(state);
        // The price the next order pays is still catalog's.
        JsonObject next = json(send("POST", STACK.url(8080, "/api/orders"), customer(),
                "{\"lines\":[{\"sku\":\"" + SKU + "\",\"quantity\":3}],\"paymentToken\":\"tok_decline\"}", Map.of()).body());
        JsonObject order = json(send("GET", STACK.url(8080, "/api/orders/" + next.getString("id")), customer(), null, Map.of()).body());
        assertThat(order.getJsonObject("total").getInt("amount")).isEqualTo(3 * price(SKU));
    }

    /** How many dead letters of {@code type} the service on {@code port} holds. */
    private static long deadLetters(int port, String type) {
        String body = send("GET", STACK.url(port, "/admin/dead-letters?limit=1000"), admin(), null, Map.of()).body();
        return Json.createReader(new StringReader(body)).readArray().stream()
                .filter(l -> l.asJsonObject().getString("eventType", "").equals(type)).count();
    }

    // ---- the shop's state, read as an admin and as the customer

    private static Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("price", String.valueOf(price(SKU)));
        state.put("stock", send("GET", STACK.url(8082, "/admin/stock/" + SKU), admin(), null, Map.of()).body());
        state.put("orders", send("GET", STACK.url(8080, "/api/orders"), customer(), null, Map.of()).body().replaceAll("\"updatedAt\":\"[^\"]*\"", ""));
        state.put("payments", send("GET", STACK.url(8084, "/payments?customerId=" + CUSTOMER), admin(), null, Map.of()).body());
        state.put("notifications", send("GET", STACK.url(8085, "/notifications?customerId=" + CUSTOMER), admin(), null, Map.of()).body());
        return state;
    }

    private static int price(String sku) {
        return json(send("GET", STACK.url(8080, "/api/products/" + sku), null, null, Map.of()).body())
                .getJsonObject("price").getInt("amount");
    }

    private static String confirmedOrderId() {
        JsonArray orders = Json.createReader(new StringReader(send("GET", STACK.url(8080, "/api/orders"), customer(), null, Map.of()).body())).readArray();
        return orders.stream().map(o -> o.asJsonObject()).filter(o -> o.getString("status").equals("CONFIRMED"))
                .findFirst().orElseThrow().getString("id");
    }

    // ---- credentials

    private static DevIssuer issuer() {
        return DevIssuer.loadOrCreate(STACK.home().resolve("auth"));
    }

    private static String customer() {
        return "Bearer " + issuer().issue(CUSTOMER, false, Duration.ofMinutes(30));
    }

    private static String admin() {
        return "Bearer " + issuer().issue("security-admin", true, Duration.ofMinutes(30));
    }

    /** The forged-token catalogue, by what is wrong with each (null: no Authorization header at all). */
    private static Map<String, String> forgedTokens() throws Exception {
        DevIssuer issuer = issuer();
        Instant now = Instant.now();
        JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().issuer(DevIssuer.ISSUER).audience(DevIssuer.AUDIENCE)
                .subject(CUSTOMER).claim("groups", List.of("customer", "admin")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("a malformed token", "Bearer not-a-jwt");
        String payload = base64(valid.build().toString());
        tokens.put("alg none", "Bearer " + base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        String publicKey = issuer.publicKeys().toString();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid.build());
        hmac.sign(new MACSigner(publicKey.getBytes(StandardCharsets.UTF_8)));
        tokens.put("HS256 signed with the public key", "Bearer " + hmac.serialize());
        tokens.put("an expired token", "Bearer " + issuer.sign(valid.expirationTime(Date.from(now.minusSeconds(600)))
                .issueTime(Date.from(now.minusSeconds(1200))).build()));
        tokens.put("a token not valid yet", "Bearer " + issuer.sign(valid.expirationTime(Date.from(now.plusSeconds(1200)))
                .notBeforeTime(Date.from(now.plusSeconds(600))).build()));
        valid.notBeforeTime(null).expirationTime(Date.from(now.plusSeconds(600)));
        tokens.put("a wrong issuer", "Bearer " + issuer.sign(valid.issuer("someone-else").build()));
        valid.issuer(DevIssuer.ISSUER);
        tokens.put("a wrong audience", "Bearer " + issuer.sign(valid.audience("another-app").build()));
        valid.audience(DevIssuer.AUDIENCE);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("unknown-kid").generate();
        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("unknown-kid").type(JOSEObjectType.JWT).build(), valid.build());
        unknownKid.sign(new ECDSASigner(stranger));
        tokens.put("an unknown kid", "Bearer " + unknownKid.serialize());
        String genuine = issuer.issue("nobody", false, Duration.ofMinutes(10));
        String[] parts = genuine.split("\\.");
        tokens.put("a tampered payload", "Bearer " + parts[0] + "." + payload + "." + parts[2]);
        DevIssuer foreign = DevIssuer.loadOrCreate(Files.createTempDirectory("foreign-issuer"));
        tokens.put("a valid token of a foreign issuer", "Bearer " + foreign.issue(CUSTOMER, true, Duration.ofMinutes(10)));
        return tokens;
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---- plumbing

    private static ProducerRecord<String, byte[]> record(String topic, String key, String type, String source, String data) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, data.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", source.getBytes(StandardCharsets.UTF_8))
                .add("ce_subject", key.getBytes(StandardCharsets.UTF_8))
                .add("ce_time", "2999-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static HttpResponse<String> send(String method, String url, String authorization, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // One customer asks a lot: wait out the gateway's rate limit as a client should.
            for (int attempt = 0; response.statusCode() == 429 && attempt < 20; attempt++) {
                Thread.sleep(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")) * 1000);
                response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
