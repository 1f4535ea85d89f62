package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --where} refuses what Hasura's GraphQL where refuses (null values, column comparisons) and every column the
 * role may not read, on both engines, for select, update and delete, exiting 3 before any SQL runs. Enforcement
 * fixture: role user reads neither {@code articles.body} nor {@code authors.is_active}.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerWhereRefusalTest {

    private static final String METADATA = Fixtures.path("enforcement/metadata.json").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    private Cli run(String engine, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--engine", engine, "--role", "user",
                "--session", "X-Hasura-User-Id=2"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private String articles() {
        return (String) db.query("SELECT coalesce(json_agg(t ORDER BY id), '[]'::json)::text AS j FROM articles t").get(0).get("j");
    }

    private static void assertRefused(Cli r, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void aHiddenColumnCannotBeComparedWith(String engine) {
        for (String where : List.of("{\"title\": {\"_clt\": \"body\"}}", "{\"title\": {\"_ceq\": \"title\"}}",
                "{\"author\": {\"name\": {\"_cgt\": [\"$\", \"title\"]}}}")) {
            Cli r = run(engine, "select", "--table", "articles", "--where", where);
            assertRefused(r, "CALLER_FILTER_COLUMN_COMPARISON");
            assertThat(r.err()).doesNotContain("body");
        }
        for (String where : List.of("{\"body\": {\"_lt\": \"m\"}}", "{\"body\": {\"_regex\": \"^z\"}}",
                "{\"author\": {\"is_active\": {\"_eq\": false}}}", "{\"author\": {\"articles\": {\"body\": {\"_gte\": \"y\"}}}}")) {
            assertRefused(run(engine, "select", "--table", "articles", "--where", where), "COLUMN_NOT_ALLOWED");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void nullValuesAreRefusedForEveryCommandAndNothingIsWritten(String engine) {
        String before = articles();
        for (String where : List.of("{\"rating\": {\"_eq\": null}}", "{\"rating\": {\"_neq\": null}}",
                "{\"rating\": {\"_gt\": null}}", "{\"rating\": {\"_in\": null}}", "{\"title\": {\"_like\": null}}",
                "{\"rating\": null}", "{\"_or\": null}")) {
            Cli select = run(engine, "select", "--table", "articles", "--where", where);
            assertRefused(select, "CALLER_FILTER_NULL_VALUE");
            assertRefused(run(engine, "update", "--table", "articles", "--set", "{\"title\": \"t\"}", "--where", where),
                    "CALLER_FILTER_NULL_VALUE");
            assertRefused(run(engine, "delete", "--table", "articles", "--where", where), "CALLER_FILTER_NULL_VALUE");
        }
        assertRefused(run(engine, "update", "--table", "articles", "--set", "{\"title\": \"t\"}", "--where",
                "{\"title\": {\"_cne\": \"body\"}}"), "CALLER_FILTER_COLUMN_COMPARISON");
        assertThat(articles()).isEqualTo(before);
        Cli isNull = run(engine, "select", "--table", "articles", "--columns", "id", "--where", "{\"rating\": {\"_is_null\": true}}");
        assertThat(isNull.out()).as(isNull.toString()).isEqualTo("[{\"id\":3}]\n");
        Cli none = run(engine, "select", "--table", "articles", "--columns", "id", "--order-by", "id", "--where", "null");
        assertThat(none.out()).as("--where null is no --where").isEqualTo("[{\"id\":2}, \n {\"id\":3}, \n {\"id\":4}, \n {\"id\":5}]\n");
    }
}
