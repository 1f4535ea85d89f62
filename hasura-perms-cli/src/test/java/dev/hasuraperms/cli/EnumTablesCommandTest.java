package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code check} on enum tables: with {@code --jdbc-url} the rows are read and a bogus literal fails the check; with
 * {@code --ddl} the structure is still validated and the rows are unknown (a warning).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnumTablesCommandTest {

    private static final String SCHEMA = Fixtures.path("enum-tables/schema.sql").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("enum-tables/schema.sql"));
    }

    @Test
    void aBogusLiteralFailsTheCheckAgainstADatabase() {
        Cli ok = Cli.run("check", "--metadata", Fixtures.path("enum-tables/metadata.yaml").toString(), "--jdbc-url",
                db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).doesNotContain("ENUM_VALUES_UNKNOWN");
        Cli bogus = Cli.run("check", "--metadata", Fixtures.path("enum-tables/bogus.yaml").toString(), "--jdbc-url",
                db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password());
        assertThat(bogus.code()).as(bogus.toString()).isEqualTo(1);
        assertThat(bogus.out()).contains("[LITERAL_TYPE_MISMATCH]").contains("\"bogus\" is not a value of enum table");
    }

    @Test
    void fromDdlTheStructureIsCheckedAndTheRowsAreUnknown() {
        Cli invalid = Cli.run("check", "--metadata", Fixtures.path("enum-tables/invalid.yaml").toString(), "--ddl", SCHEMA);
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.out()).contains("[INVALID_ENUM_TABLE] the table \"public.ev_int_key\" cannot be used as an enum");
        Cli unknown = Cli.run("check", "--metadata", Fixtures.path("enum-tables/metadata.yaml").toString(), "--ddl", SCHEMA);
        assertThat(unknown.code()).as(unknown.toString()).isZero();
        assertThat(unknown.out()).contains("[ENUM_VALUES_UNKNOWN]");
    }
}
