package dev.mosaic.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mosaic.platform.messaging.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schemas of docs/events/ are well-formed and listed, and the check built on them refuses what breaks them. */
class EventContractsTest {

    private static final EventContracts CONTRACTS = EventContracts.ofRepository();
    private static final Path DIR = CONTRACTS.directory();

    @Test
    void everySchemaIsAValidDraft202012SchemaNamedByItsId() throws IOException {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(CONTRACTS.types()).hasSizeGreaterThanOrEqualTo(15);
        for (String type : CONTRACTS.types()) {
            String text = Files.readString(DIR.resolve(type + ".json"));
            assertThat(meta.validate(text, InputFormat.JSON)).as(type).isEmpty();
            assertThat(text).as(type).contains("\"$id\": \"" + EventContracts.ID_PREFIX + type + ".json\"");
            // Compiles, $refs to other files included: validating anything walks every reference it reaches.
            assertThat(CONTRACTS.violations(type, "{}")).as(type).isNotEmpty();
        }
    }

    @Test
    void theReadmeListsExactlyTheTypesThatHaveASchema() throws IOException {
        Matcher row = Pattern.compile("(?m)^\\| `(dev\\.mosaic\\.[^`]+)` \\|").matcher(Files.readString(DIR.resolve("README.md")));
        Set<String> listed = new TreeSet<>();
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertThat(listed).isEqualTo(CONTRACTS.types());
    }

    @Test
    void everyEventTypeNamedInTheMainCodeOfAServiceHasASchema() throws IOException {
        // A type a producer starts sending fails its service's IT once published; this also catches one no test sends.
        Pattern type = Pattern.compile("\"(dev\\.mosaic\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+)\"");
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(DIR.getParent().getParent().resolve("services"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                Matcher m = type.matcher(Files.readString(file));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }

        assertThat(named).hasSizeGreaterThanOrEqualTo(15);
        CONTRACTS.assertSchemasExist(named);
        assertThat(CONTRACTS.types()).as("schemas of types no service names any more").isEqualTo(named);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "conforms | dev.mosaic.stock.reserved.v1 | {\"orderId\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":2}]} | ",
            "a required field missing | dev.mosaic.stock.reserved.v1 | {\"orderId\":\"o-1\"} | lines",
            "a field no schema declares | dev.mosaic.stock.reserved.v1 | {\"orderId\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":2}],\"extra\":1} | extra",
            "a nested field of the wrong type | dev.mosaic.order.confirmed.v1 | {\"orderId\":\"o-1\",\"customerId\":\"c\",\"total\":{\"amount\":\"12\",\"currency\":\"EUR\"}} | amount",
            "a reason outside the enum | dev.mosaic.order.cancelled.v1 | {\"orderId\":\"o-1\",\"customerId\":\"c\",\"reason\":\"BORED\",\"total\":{\"amount\":1,\"currency\":\"EUR\"}} | reason",
            "a $ref into another file enforced | dev.mosaic.stock.committed.v1 | {\"orderId\":\"bad id\"} | orderId",
    })
    void payloadsAreCheckedAgainstTheirSchema(String what, String type, String data, String reported) {
        List<String> violations = CONTRACTS.violations(type, data);
        if (reported == null) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).as(what).anySatisfy(v -> assertThat(v).contains(reported));
            assertThatThrownBy(() -> CONTRACTS.assertConforms(CloudEvent.create("/mosaic/test", type, "o-1", data)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("breaks docs/events/" + type + ".json");
        }
    }

    @Test
    void anEventTypeWithoutASchemaFails() {
        CloudEvent unknown = CloudEvent.create("/mosaic/test", "dev.mosaic.order.gift-wrapped.v1", "o-1", "{}");

        assertThatThrownBy(() -> CONTRACTS.assertAllConform(List.of(unknown)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("dev.mosaic.order.gift-wrapped.v1 has no schema");
        assertThatThrownBy(() -> CONTRACTS.assertSchemasExist(List.of("dev.mosaic.stock.reserved.v1", "dev.mosaic.order.gift-wrapped.v1")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("[dev.mosaic.order.gift-wrapped.v1]");
    }

    @Test
    void theTypesSeenAreReported() {
        CloudEvent a = CloudEvent.create("/mosaic/test", "dev.mosaic.stock.released.v1", "o-1", "{\"orderId\":\"o-1\"}");
        CloudEvent b = CloudEvent.create("/mosaic/test", "dev.mosaic.stock.committed.v1", "o-2", "{\"orderId\":\"o-2\"}");

        assertThat(CONTRACTS.assertAllConform(List.of(a, b, a)))
                .containsExactly("dev.mosaic.stock.committed.v1", "dev.mosaic.stock.released.v1");
    }

    @Test
    void aFolderOfItsOwnIsReadAsItIs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("dev.mosaic.test.ping.v1.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://mosaic.dev/events/dev.mosaic.test.ping.v1.json",
                 "type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
                """);
        EventContracts own = EventContracts.of(dir);

        assertThat(own.types()).containsExactly("dev.mosaic.test.ping.v1");
        assertThat(own.violations("dev.mosaic.test.ping.v1", "{\"n\":1}")).isEmpty();
        assertThat(own.violations("dev.mosaic.test.ping.v1", "{\"n\":\"one\"}")).isNotEmpty();
    }
}
