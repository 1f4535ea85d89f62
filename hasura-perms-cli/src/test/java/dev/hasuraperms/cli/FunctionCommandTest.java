package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code function} command, with both engines: tracked functions under the role's permissions. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionCommandTest {

    private static final String METADATA = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
              {"table": {"schema": "public", "name": "tracks"}, "select_permissions": [
                {"role": "artist", "permission": {"columns": ["id", "name"],
                  "filter": {"artist_id": {"_eq": "X-Hasura-Artist-Id"}}}},
                {"role": "editor", "permission": {"columns": "*", "filter": {"artist_id": {"_eq": 1}}}},
                {"role": "fan", "permission": {"columns": ["id", "name", "artist_id"], "filter": {"id": {"_lt": 3}},
                  "allow_aggregations": true, "limit": 1}}]}],
              "functions": [
                {"function": {"schema": "public", "name": "search_tracks"}},
                {"function": {"schema": "public", "name": "rename_track"}, "permissions": [{"role": "editor"}]}]}]}
            """;

    private TestDatabase db;
    private Path metadata;

    @BeforeAll
    void schema(TestDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        db.execute("""
                CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL);
                CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                    AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
                CREATE FUNCTION rename_track(track_id int, new_name text) RETURNS SETOF tracks LANGUAGE sql VOLATILE
                    AS $$ UPDATE tracks SET name = new_name WHERE id = track_id RETURNING * $$;
                """);
        metadata = dir.resolve("metadata.json");
        Files.writeString(metadata, METADATA);
    }

    @BeforeEach
    void data() {
        db.execute("TRUNCATE tracks; INSERT INTO tracks VALUES (1, 'Keepup', 1), (2, 'Keepdown', 1), (3, 'Keep', 2)");
    }

    private Cli run(String engine, String... args) {
        List<String> all = new ArrayList<>(List.of("function", "--metadata", metadata.toString(), "--jdbc-url",
                db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(), "--engine", engine));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertRefused(Cli r, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ").doesNotContain("\tat ");
    }

    private String name(int id) {
        return (String) db.query("SELECT name FROM tracks WHERE id = " + id).get(0).get("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void printsTheVisibleRowsOfTheCall(String engine) {
        Cli r = run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function", "search_tracks",
                "--args", "{\"search\": \"keep\"}", "--order-by", "id");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("[{\"id\":1,\"name\":\"Keepup\"}, \n {\"id\":2,\"name\":\"Keepdown\"}]\n");
        Cli w = run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function", "public.search_tracks",
                "--args", "{\"search\": \"keep\"}", "--where", "{\"name\": {\"_like\": \"%down\"}}", "--columns", "id");
        assertThat(w.out()).as(w.toString()).isEqualTo("[{\"id\":2}]\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void refusesBeforeAnyStatement(String engine) {
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function", "nope"),
                "NO_PERMISSION");
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function",
                "search_tracks", "--args", "{\"search\": \"a\", \"extra\": 1}"), "INVALID_FUNCTION_ARGUMENT");
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function",
                "search_tracks"), "INVALID_FUNCTION_ARGUMENT");
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function",
                "rename_track", "--args", "{\"track_id\": 1, \"new_name\": \"x\"}"), "NO_PERMISSION");
        assertRefused(run(engine, "--role", "editor", "--function", "rename_track", "--args",
                "{\"track_id\": \"one\", \"new_name\": \"x\"}"), "INVALID_FUNCTION_ARGUMENT");
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function",
                "search_tracks", "--args", "{\"search\": \"a\"}", "--columns", "artist_id"), "COLUMN_NOT_ALLOWED");
        assertRefused(run(engine, "--role", "artist", "--session", "X-Hasura-Artist-Id=1", "--function",
                "search_tracks", "--args", "{\"search\": \"a\"}", "--no-infer-function-permissions"), "NO_PERMISSION");
        Cli usage = run(engine, "--role", "artist", "--function", "search_tracks", "--args", "[1]");
        assertThat(usage.code()).as(usage.toString()).isEqualTo(2);
        assertThat(name(1)).isEqualTo("Keepup");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void aMutationFunctionCommitsUnlessDryRunAndPrintsOnlyVisibleRows(String engine) {
        Cli dry = run(engine, "--role", "editor", "--function", "rename_track", "--args",
                "{\"track_id\": 1, \"new_name\": \"One\"}", "--dry-run");
        assertThat(dry.out()).as(dry.toString()).isEqualTo("[{\"id\":1,\"name\":\"One\",\"artist_id\":1}]\n");
        assertThat(name(1)).isEqualTo("Keepup");
        Cli hidden = run(engine, "--role", "editor", "--function", "rename_track", "--args",
                "{\"track_id\": 3, \"new_name\": \"Three\"}");
        assertThat(hidden.out()).as(hidden.toString()).isEqualTo("[]\n");
        assertThat(name(3)).as("the write stays, as in Hasura").isEqualTo("Three");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void aggregatesTheVisibleRowsWithAllowAggregations(String engine) {
        Cli r = run(engine, "--role", "fan", "--function", "search_tracks", "--args", "{\"search\": \"keep\"}",
                "--aggregate", "count", "--aggregate", "max:id,name", "--aggregate", "sum:artist_id");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).as("the permission's limit of 1 does not cap aggregates").isEqualTo(
                "{\"aggregate\":{\"count\":2,\"max\":{\"id\":2,\"name\":\"Keepup\"},\"sum\":{\"artist_id\":2}}}\n");
        Cli g = run(engine, "--role", "fan", "--function", "search_tracks", "--args", "{\"search\": \"keep\"}",
                "--aggregate", "count", "--group-by", "artist_id", "--where", "{\"name\": {\"_like\": \"%up\"}}");
        assertThat(g.out()).as(g.toString()).isEqualTo(
                "{\"group_by\":[{\"group_key\":{\"artist_id\":1},\"aggregate\":{\"count\":1}}]}\n");
        assertRefused(run(engine, "--role", "editor", "--function", "search_tracks", "--args", "{\"search\": \"a\"}",
                "--aggregate", "count"), "NO_PERMISSION");
        assertRefused(run(engine, "--role", "fan", "--function", "search_tracks", "--args", "{\"search\": \"a\"}",
                "--aggregate", "count-distinct:secret"), "COLUMN_NOT_ALLOWED");
        Cli usage = run(engine, "--role", "fan", "--function", "search_tracks", "--args", "{\"search\": \"a\"}",
                "--aggregate", "median:id");
        assertThat(usage.code()).as(usage.toString()).isEqualTo(2);
    }
}
