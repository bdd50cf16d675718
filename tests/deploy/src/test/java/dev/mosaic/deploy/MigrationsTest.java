package dev.mosaic.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expand/contract: a canary runs its migrations while the stable revision still serves from the same database
 * (ci/deploy), so a migration must leave the previous release working. Statements that break the previous code
 * (dropping or renaming a table or column, changing a column's type, making an existing column NOT NULL, adding a
 * NOT NULL column without a default) belong only in a migration named {@code V<n>__contract_<what>.sql}, shipped
 * once no served revision uses the old shape (docs/deploy.md, "Schema changes").
 */
class MigrationsTest {

    private static final Pattern BREAKING = Pattern.compile(
            "(?is)\\bdrop\\s+(table|column)\\b|\\brename\\b|\\balter\\s+column\\s+\\S+\\s+(set\\s+data\\s+)?type\\b"
                    + "|\\balter\\s+column\\s+\\S+\\s+set\\s+not\\s+null\\b"
                    + "|\\badd\\s+(column\\s+)?(?![^,;]*\\bdefault\\b)\\S+\\s+[^,;]*\\bnot\\s+null\\b");

    /** What breaks the previous release in one migration, outside a contract migration. */
    static List<String> problems(String file, String sql) {
        if (Path.of(file).getFileName().toString().matches("V\\d+__contract_.*\\.sql")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        BREAKING.matcher(sql).results().forEach(m -> out.add(file + ": '" + m.group().replaceAll("\\s+", " ").strip()
                + "' breaks the revision still serving (expand/contract): move it to a V<n>__contract_<what>.sql migration"
                + " shipped once no served revision needs the old shape"));
        return out;
    }

    @Test
    void noMigrationBreaksThePreviousReleaseOutsideAContractStep() {
        List<String> problems = new ArrayList<>();
        for (String service : Deployable.SERVICES) {
            for (Path sql : Repo.files(Repo.path("services/" + service + "/src/main/resources/db/migration"), ".sql")) {
                problems.addAll(problems(Repo.ROOT.relativize(sql).toString(), Repo.read(sql)));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void breakingStatementsAreCaughtAndAllowedInAContractStep() {
        assertThat(problems("V7__x.sql", "ALTER TABLE orders DROP COLUMN reason;")).singleElement().asString()
                .contains("DROP COLUMN", "contract");
        assertThat(problems("V7__x.sql", "alter table orders rename column reason to why;")).hasSize(1);
        assertThat(problems("V7__x.sql", "ALTER TABLE orders ALTER COLUMN total TYPE numeric;")).hasSize(1);
        assertThat(problems("V7__x.sql", "ALTER TABLE orders ADD COLUMN channel VARCHAR(20) NOT NULL;")).hasSize(1);
        assertThat(problems("V7__x.sql", "ALTER TABLE orders ADD COLUMN channel VARCHAR(20) NOT NULL DEFAULT 'web';")).isEmpty();
        assertThat(problems("V7__x.sql", "alter table product add column announced boolean default false not null;")).isEmpty();
        assertThat(problems("V7__x.sql", "CREATE TABLE t (id UUID NOT NULL, PRIMARY KEY (id));")).isEmpty();
        assertThat(problems("V8__contract_drop_reason.sql", "ALTER TABLE orders DROP COLUMN reason;")).isEmpty();
    }
}
