package dev.mosaic.orders.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * orders keeps its own copy of inventory's gRPC contract. The two copies must describe the same wire contract: the
 * same package, services and rpcs, messages, fields (name, type, label, number) and enum values. Comments and
 * {@code java_*} options may differ (each side generates its classes into its own package).
 */
class InventoryProtoCopiesTest {

    private static final Path OWNER = Path.of("../inventory/src/main/proto/inventory.proto");
    private static final Path COPY = Path.of("src/main/proto/inventory.proto");

    @Test
    void ordersCopyDescribesTheSameWireContractAsInventorys() throws IOException {
        Map<String, String> owner = contract(Files.readString(OWNER));
        Map<String, String> copy = contract(Files.readString(COPY));

        assertThat(owner).containsKeys("package", "rpc Inventory.Reserve", "field ReserveRequest.order_id",
                "enum ReservationReply.Status.RESERVED");
        assertThat(copy).as("orders' copy (%s) against the owner's (%s)", COPY, OWNER).isEqualTo(owner);
    }

    @Test
    void aChangedNumberTypeOrNameIsADifference() {
        String proto = """
                syntax = "proto3";
                package demo.v1;
                option java_package = "a.b"; // ignored
                service Svc { rpc Get(Req) returns (Rep); }
                /* a comment */ message Req { string id = 1; repeated Line lines = 2; }
                message Line { string sku = 1; int32 quantity = 2; }
                message Rep { Status status = 1; enum Status { UNKNOWN = 0; OK = 1; } }
                """;
        Map<String, String> base = contract(proto);

        assertThat(contract(proto.replace("option java_package = \"a.b\";", "option java_package = \"c.d\";"))).isEqualTo(base);
        for (String[] change : new String[][] {
                {"int32 quantity = 2", "int32 quantity = 3"},
                {"int32 quantity = 2", "int64 quantity = 2"},
                {"string sku = 1", "string code = 1"},
                {"repeated Line lines", "Line lines"},
                {"OK = 1", "OK = 2"},
                {"rpc Get(Req) returns (Rep)", "rpc Get(Req) returns (Req)"},
                {"package demo.v1", "package demo.v2"}}) {
            assertThat(contract(proto.replace(change[0], change[1]))).as(change[1]).isNotEqualTo(base);
        }
        assertThatThrownBy(() -> contract("message M { string s = 1 }")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The wire contract of a proto3 file as sorted entries: {@code package}, {@code rpc S.M -> in out},
     * {@code field M.f -> label type number}, {@code enum M.E.V -> number}. Covers the proto3 subset the repository uses.
     */
    static Map<String, String> contract(String proto) {
        List<String> tokens = tokens(proto);
        Map<String, String> contract = new TreeMap<>();
        List<String> scope = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            switch (t) {
                case "syntax", "option", "import" -> i = skipPast(tokens, i, ";");
                case "package" -> {
                    contract.put("package", tokens.get(i + 1));
                    i = expect(tokens, i + 2, ";");
                }
                case "message", "enum", "service" -> {
                    scope.add(tokens.get(i + 1));
                    kinds.add(t);
                    i = expect(tokens, i + 2, "{");
                }
                case "}" -> {
                    scope.removeLast();
                    kinds.removeLast();
                    i++;
                }
                case "rpc" -> {
                    // rpc Name ( In ) returns ( Out ) ;   (or { } instead of ;)
                    String name = String.join(".", scope) + "." + tokens.get(i + 1);
                    contract.put("rpc " + name, tokens.get(i + 3) + " -> " + tokens.get(i + 7));
                    i = tokens.get(i + 9).equals("{") ? expect(tokens, i + 10, "}") : expect(tokens, i + 9, ";");
                }
                default -> {
                    if (kinds.isEmpty()) {
                        throw new IllegalArgumentException("Unexpected '" + t + "' at the top level");
                    }
                    if (kinds.getLast().equals("enum")) {
                        // VALUE = n ;
                        contract.put("enum " + String.join(".", scope) + "." + t, tokens.get(i + 2));
                        i = expect(tokens, i + 3, ";");
                    } else {
                        // [repeated|optional] type name = n ;
                        String label = t.equals("repeated") || t.equals("optional") ? t : "";
                        int at = label.isEmpty() ? i : i + 1;
                        contract.put("field " + String.join(".", scope) + "." + tokens.get(at + 1),
                                (label + " " + tokens.get(at) + " " + tokens.get(at + 3)).strip());
                        i = expect(tokens, at + 4, ";");
                    }
                }
            }
        }
        if (!scope.isEmpty()) {
            throw new IllegalArgumentException("Unclosed " + scope);
        }
        return contract;
    }

    private static List<String> tokens(String proto) {
        String code = proto.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher m = Pattern.compile("\"[^\"]*\"|[A-Za-z0-9_.]+|[{}();=<>,\\[\\]]").matcher(code);
        List<String> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static int skipPast(List<String> tokens, int i, String end) {
        while (!tokens.get(i).equals(end)) {
            i++;
        }
        return i + 1;
    }

    private static int expect(List<String> tokens, int i, String token) {
        if (i >= tokens.size() || !tokens.get(i).equals(token)) {
            throw new IllegalArgumentException("Expected '" + token + "' at token " + i + ", found "
                    + (i < tokens.size() ? "'" + tokens.get(i) + "'" : "the end"));
        }
        return i + 1;
    }
}
