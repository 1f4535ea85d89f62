package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code select} and {@code select --pk} follow {@code query_root_fields} on both engines, and {@code matrix} shows
 * restricted root fields (fixtures/root-fields).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootFieldsCommandTest {

    private static final String METADATA = Fixtures.path("root-fields/metadata.yaml").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("root-fields/schema.sql"));
        db.execute(Fixtures.read("root-fields/data.sql"));
    }

    private Cli run(String engine, String role, String... args) {
        List<String> all = new ArrayList<>(List.of("select", "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--engine", engine, "--role", role));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertRefused(Cli r, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void selectAndSelectByPkFollowTheQueryRootFields(String engine) {
        assertRefused(run(engine, "user", "--table", "rf_authors"), "NO_PERMISSION");
        assertRefused(run(engine, "user", "--table", "rf_authors", "--pk", "{\"id\": 1}"), "NO_PERMISSION");
        Cli articles = run(engine, "user", "--table", "rf_articles", "--columns", "id");
        assertThat(articles.code()).as(articles.toString()).isZero();
        assertThat(articles.out().strip()).isEqualTo("[{\"id\":10}]");

        assertRefused(run(engine, "pkuser", "--table", "rf_authors"), "NO_PERMISSION");
        Cli one = run(engine, "pkuser", "--table", "rf_authors", "--pk", "{\"id\": 1}");
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out().strip()).isEqualTo("{\"id\":1,\"name\":\"ann\"}");
        Cli none = run(engine, "pkuser", "--table", "rf_authors", "--pk", "{\"id\": 2}");
        assertThat(none.code()).as(none.toString()).isZero();
        assertThat(none.out().strip()).isEqualTo("null");
        Cli pair = run(engine, "pkuser", "--table", "rf_pairs", "--pk", "{\"a\": 1, \"b\": \"x\"}", "--columns", "note");
        assertThat(pair.out().strip()).as(pair.toString()).isEqualTo("{\"note\":\"one x\"}");
    }

    @Test
    void pkTakesAnObjectAndNoListArguments() {
        Cli notObject = run("jdbc", "pkuser", "--table", "rf_authors", "--pk", "1");
        assertThat(notObject.code()).as(notObject.toString()).isEqualTo(2);
        Cli withWhere = run("jdbc", "pkuser", "--table", "rf_authors", "--pk", "{\"id\": 1}", "--limit", "1");
        assertThat(withWhere.code()).as(withWhere.toString()).isEqualTo(2);
    }

    @Test
    void theMatrixShowsRestrictedRootFields() {
        Cli r = Cli.run("matrix", "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("query root fields: none; subscription root fields: none")
                .contains("query root fields: select_by_pk; subscription root fields: none");
        Cli json = Cli.run("matrix", "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password(), "--format", "json");
        assertThat(json.out().replaceAll("\\s", "")).contains("\"query_root_fields\":[\"select_by_pk\"]");
    }
}
