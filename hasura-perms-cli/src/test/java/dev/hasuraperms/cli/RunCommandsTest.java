package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * select, insert, update and delete in-process, with both engines, on the enforcement fixture (role user: reads
 * published articles and its own; inserts its own with created_by preset and a check; updates its own with a check;
 * deletes its own drafts; editor: reads everything, no delete).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandsTest {

    private static final String METADATA = Fixtures.path("enforcement/metadata.json").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
    }

    @BeforeEach
    void data() {
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    private Cli run(String engine, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--engine", engine));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private String jsonAgg(String sql) {
        return (String) db.query("SELECT coalesce(json_agg(t), '[]'::json)::text AS j FROM (" + sql + ") t").get(0).get("j");
    }

    private String articles() {
        return jsonAgg("SELECT id, author_id, title, body, is_published, rating, tags, created_by, updated_by FROM articles ORDER BY id");
    }

    private static void assertRefused(Cli r, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ").endsWith("\n").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------------ select

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void selectPrintsTheReadableColumnsOfThePermittedRowsAsPostgresJsonAggDoes(String engine) {
        Cli r = run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--order-by", "id");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(jsonAgg("SELECT id, author_id, title, is_published, rating, tags FROM articles "
                + "WHERE is_published OR author_id = 2 ORDER BY id") + "\n");
        assertThat(r.out()).startsWith("[{\"id\":2,\"author_id\":1,\"title\":\"ada published\",\"is_published\":true,"
                + "\"rating\":5,\"tags\":[]}, \n {\"id\":3,");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void selectTakesColumnsInTheirOrderACallerWhereAndALimit(String engine) {
        Cli r = run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "public.articles",
                "--columns", "title,id", "--order-by", "rating,id", "--limit", "2",
                "--where", "{\"_or\": [{\"tags\": {\"_contains\": [\"java\"]}}, {\"title\": {\"_ilike\": \"%DRAFT\"}}]}");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("[{\"title\":\"bob published\",\"id\":4}, \n {\"title\":\"bob draft\",\"id\":3}]\n");
        Cli timestamps = run(engine, "select", "--role", "editor", "--table", "articles", "--columns", "id,created_at",
                "--where", "{\"author_id\": {\"_in\": [1, 3]}}", "--order-by", "id");
        assertThat(timestamps.out()).isEqualTo(
                jsonAgg("SELECT id, created_at FROM articles WHERE author_id IN (1, 3) ORDER BY id") + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void theCallersWhereIsAValueNeverASessionVariableAndCanOnlyNarrow(String engine) {
        Cli none = run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--where", "{\"title\": {\"_eq\": \"X-Hasura-User-Id\"}}");
        assertThat(none.out()).isEqualTo("[]\n");
        Cli notWider = run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--columns", "id", "--where", "{\"_or\": [{\"author_id\": {\"_eq\": 1}}, {\"is_published\": {\"_eq\": false}}]}",
                "--order-by", "id");
        assertThat(notWider.out()).as("ada's draft (id 1) stays hidden").isEqualTo("[{\"id\":2}, \n {\"id\":3}]\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void selectRefusals(String engine) {
        assertRefused(run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--columns", "id,body"), "COLUMN_NOT_ALLOWED");
        assertRefused(run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--order-by", "created_at"), "COLUMN_NOT_ALLOWED");
        Cli whereBody = run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--where", "{\"body\": {\"_eq\": \"x\"}}");
        assertRefused(whereBody, "COLUMN_NOT_ALLOWED");
        assertThat(whereBody.err()).contains("body");
        assertRefused(run(engine, "select", "--role", "user", "--table", "articles"), "MISSING_SESSION_VARIABLE");
        assertRefused(run(engine, "select", "--role", "user", "--session", "X-Hasura-User-Id=two", "--table", "articles"),
                "INVALID_SESSION_VARIABLE");
        assertRefused(run(engine, "select", "--role", "guest", "--table", "articles"), "NO_PERMISSION");
        assertRefused(run(engine, "select", "--role", "user", "--table", "Articles"), "NO_PERMISSION");
        assertRefused(run(engine, "select", "--role", "user", "--table", "nope.articles"), "NO_PERMISSION");
    }

    // ------------------------------------------------------------------------------------------------------ writes

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void insertWritesThePresetsAndCountsTheRows(String engine) {
        Cli r = run(engine, "insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--rows", "[{\"author_id\": 2, \"title\": \"new\", \"rating\": 3, \"tags\": [\"a\", \"b\"]},"
                        + " {\"author_id\": \"2\", \"title\": \"newer\", \"is_published\": true}]");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("{\"affected_rows\": 2}\n");
        assertThat(jsonAgg("SELECT title, created_by, tags, is_published FROM articles WHERE id > 5 ORDER BY id"))
                .isEqualTo("[{\"title\":\"new\",\"created_by\":\"2\",\"tags\":[\"a\",\"b\"],\"is_published\":false}, \n "
                        + "{\"title\":\"newer\",\"created_by\":\"2\",\"tags\":[],\"is_published\":true}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void aFailedInsertWritesNothing(String engine) {
        String before = articles();
        String user2 = "X-Hasura-User-Id=2";
        assertRefused(run(engine, "insert", "--role", "user", "--session", user2, "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"ok\"}, {\"author_id\": 1, \"title\": \"as ada\"}]"), "CHECK_VIOLATION");
        assertRefused(run(engine, "insert", "--role", "user", "--session", user2, "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"t\", \"created_by\": \"1\"}]"), "COLUMN_NOT_ALLOWED");
        assertRefused(run(engine, "insert", "--role", "user", "--session", user2, "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"t\", \"rating\": \"high\"}]"), "INVALID_COLUMN_VALUE");
        assertRefused(run(engine, "insert", "--role", "editor", "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"t\"}]"), "NO_PERMISSION");
        assertRefused(run(engine, "insert", "--role", "service", "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"t\"}]"), "NO_PERMISSION");
        assertRefused(run(engine, "insert", "--role", "user", "--session", user2, "--table", "articles", "--rows",
                "[{\"author_id\": 2, \"title\": \"ok\"}, {\"author_id\": 2, \"title\": \"bob draft\"}]"), "DATABASE_ERROR");
        assertThat(articles()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void dryRunsRunTheChecksAndRollBack(String engine) {
        String before = articles();
        Cli insert = run(engine, "insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--rows", "[{\"author_id\": 2, \"title\": \"new\"}]", "--dry-run");
        assertThat(insert.out()).as(insert.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        Cli update = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles",
                "--set", "{\"rating\": 1}", "--dry-run");
        assertThat(update.out()).as(update.toString()).isEqualTo("{\"affected_rows\": 2}\n");
        Cli delete = run(engine, "delete", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles",
                "--dry-run");
        assertThat(delete.out()).as(delete.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        assertRefused(run(engine, "insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--rows", "[{\"author_id\": 1, \"title\": \"new\"}]", "--dry-run"), "CHECK_VIOLATION");
        assertThat(articles()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void updateAppliesTheFilterTheCallersWhereThePresetsAndTheCheck(String engine) {
        Cli own = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"title\": \"renamed\", \"rating\": 2}", "--where", "{\"is_published\": {\"_eq\": false}}");
        assertThat(own.out()).as(own.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(jsonAgg("SELECT id, title, rating, updated_by FROM articles WHERE updated_by IS NOT NULL"))
                .isEqualTo("[{\"id\":3,\"title\":\"renamed\",\"rating\":2,\"updated_by\":\"2\"}]");
        Cli others = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"title\": \"mine\"}", "--where", "{\"id\": {\"_eq\": 1}}");
        assertThat(others.out()).as("ada's article is outside user 2's filter").isEqualTo("{\"affected_rows\": 0}\n");

        String before = articles();
        assertRefused(run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"title\": \"buy spam\"}", "--where", "{\"id\": {\"_eq\": 3}}"), "CHECK_VIOLATION");
        assertRefused(run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"author_id\": 1}"), "COLUMN_NOT_ALLOWED");
        assertRefused(run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"updated_by\": \"x\"}"), "COLUMN_NOT_ALLOWED");
        Cli whereBody = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--set", "{\"title\": \"t\"}", "--where", "{\"body\": {\"_is_null\": true}}");
        assertRefused(whereBody, "COLUMN_NOT_ALLOWED");
        assertRefused(run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "authors",
                "--set", "{\"name\": \"\"}"), "CHECK_VIOLATION");
        assertThat(articles()).isEqualTo(before);
    }

    /**
     * Issue 18: Hasura runs an update without {@code _set} when the permission presets columns
     * ({@code update/permissions/user_update_resident_preset_session_var.yaml}); with nothing set and nothing preset it
     * runs no statement and answers affected_rows 0 ({@code updateVariantIsEmpty}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void anUpdateWithoutSetSetsOnlyThePresets(String engine) {
        String titles = jsonAgg("SELECT id, title FROM articles ORDER BY id");
        Cli noSet = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--where", "{\"is_published\": {\"_eq\": false}}");
        assertThat(noSet.out()).as(noSet.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(jsonAgg("SELECT id, updated_by FROM articles WHERE updated_by IS NOT NULL"))
                .isEqualTo("[{\"id\":3,\"updated_by\":\"2\"}]");
        Cli emptySet = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles",
                "--set", "{}");
        assertThat(emptySet.out()).as(emptySet.toString()).isEqualTo("{\"affected_rows\": 2}\n");
        assertThat(jsonAgg("SELECT id, title FROM articles ORDER BY id")).as("only updated_by changed").isEqualTo(titles);
        String before = articles();
        Cli nothing = run(engine, "update", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "authors");
        assertThat(nothing.out()).as("no _set and no presets: nothing runs, as in Hasura " + nothing)
                .isEqualTo("{\"affected_rows\": 0}\n");
        assertRefused(run(engine, "update", "--role", "editor", "--table", "authors"), "NO_PERMISSION");
        assertRefused(run(engine, "update", "--role", "user", "--table", "articles"), "MISSING_SESSION_VARIABLE");
        assertThat(articles()).isEqualTo(before);
    }

    /** Issue 18: --role admin is Hasura's admin (the tool is an operator's): every row and column, no presets. */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void roleAdminIsHasurasAdmin(String engine) {
        Cli update = run(engine, "update", "--role", "admin", "--table", "articles", "--set", "{\"rating\": 0}",
                "--where", "{\"created_by\": {\"_is_null\": true}}");
        assertThat(update.out()).as(update.toString()).isEqualTo("{\"affected_rows\": 5}\n");
        assertThat(jsonAgg("SELECT count(*) AS n FROM articles WHERE rating = 0 AND updated_by IS NULL"))
                .isEqualTo("[{\"n\":5}]");
        Cli delete = run(engine, "delete", "--role", "admin", "--table", "articles", "--dry-run");
        assertThat(delete.out()).as(delete.toString()).isEqualTo("{\"affected_rows\": 5}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void deleteAppliesTheFilterAndTheCallersWhere(String engine) {
        Cli published = run(engine, "delete", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles",
                "--where", "{\"is_published\": {\"_eq\": true}}");
        assertThat(published.out()).as(published.toString()).isEqualTo("{\"affected_rows\": 0}\n");
        Cli draft = run(engine, "delete", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles",
                "--where", "{\"title\": {\"_like\": \"ada%\"}}");
        assertThat(draft.out()).as(draft.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(jsonAgg("SELECT id FROM articles ORDER BY id")).isEqualTo("[{\"id\":2}, \n {\"id\":3}, \n {\"id\":4}, \n {\"id\":5}]");
        String before = articles();
        assertRefused(run(engine, "delete", "--role", "editor", "--table", "articles"), "NO_PERMISSION");
        assertRefused(run(engine, "delete", "--role", "user", "--table", "articles"), "MISSING_SESSION_VARIABLE");
        assertRefused(run(engine, "delete", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "articles",
                "--where", "{\"created_by\": {\"_is_null\": true}}"), "COLUMN_NOT_ALLOWED");
        assertThat(articles()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ usage and metadata

    @Test
    void usageErrorsExitTwoAndRunNothing() {
        String before = articles();
        assertThat(run("jdbc", "select", "--role", "user", "--table", "articles", "--limit", "-1").code()).isEqualTo(2);
        assertThat(run("jdbc", "select", "--role", "user", "--table", "articles", "--where", "{nope").code()).isEqualTo(2);
        assertThat(run("jdbc", "insert", "--role", "user", "--table", "articles", "--rows", "{}").code()).isEqualTo(2);
        assertThat(run("jdbc", "insert", "--role", "user", "--table", "articles", "--rows", "[]").code()).isEqualTo(2);
        assertThat(run("jdbc", "insert", "--role", "user", "--table", "articles").code()).isEqualTo(2);
        assertThat(run("jdbc", "update", "--role", "user", "--table", "articles", "--set", "[]").code()).isEqualTo(2);
        assertThat(run("jdbc", "delete", "--role", "user", "--table", "articles", "--engine", "hibernate").code()).isEqualTo(2);
        assertThat(run("jdbc", "delete", "--table", "articles").code()).isEqualTo(2);
        assertThat(run("jdbc", "delete", "--role", "user").code()).isEqualTo(2);
        Cli noDb = Cli.run("select", "--metadata", METADATA, "--role", "user", "--table", "articles");
        assertThat(noDb.code()).as(noDb.toString()).isEqualTo(2);
        assertThat(noDb.err()).contains("--jdbc-url");
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void invalidMetadataExitsOneBeforeAnyStatement(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("metadata.json");
        Files.writeString(broken, Fixtures.read("enforcement/metadata.json").replace("\"rating\"", "\"stars\""));
        String before = articles();
        for (String[] cmd : List.of(
                new String[] {"select", "--role", "editor", "--table", "articles"},
                new String[] {"delete", "--role", "user", "--session", "X-Hasura-User-Id=1", "--table", "articles"},
                new String[] {"check"})) {
            List<String> args = new ArrayList<>(List.of(cmd[0], "--metadata", broken.toString(), "--jdbc-url",
                    db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password()));
            args.addAll(List.of(cmd).subList(1, cmd.length));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.out() + r.err()).contains("UNKNOWN_COLUMN").contains("stars");
        }
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void checkExplainAndMatrixReadTheSchemaFromTheDatabase() {
        Cli check = run("jdbc", "check");
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("ok: the metadata type-checks");
        Cli explain = run("jooq", "explain", "--role", "user", "--table", "articles", "--op", "delete", "--session",
                "X-Hasura-User-Id=1");
        assertThat(explain.code()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("session variables: x-hasura-user-id (integer)");
        Cli matrix = run("jdbc", "matrix", "--format", "markdown");
        assertThat(matrix.code()).as(matrix.toString()).isZero();
        assertThat(matrix.out()).contains("articles");
    }
}
