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

/**
 * Every subcommand and exit code through the built jar ({@code java -jar hasura-perms-cli/target/hasura-perms.jar}),
 * on the hasura-events seed (5 users, 30,000 events) in embedded PostgreSQL, with its CLI metadata directory. Runs in
 * the {@code integration-test} phase, after {@code package} built the jar.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliJarTest {

    private static final String METADATA = Fixtures.path("hasura-events/metadata").toString();

    private TestDatabase db;

    @BeforeAll
    void seed(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("hasura-events/sql/schema.sql"));
        db.execute(Fixtures.read("hasura-events/sql/seed.sql"));
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    private Cli jar(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password()));
        all.addAll(List.of(args));
        return JarCli.run(all.toArray(String[]::new));
    }

    private String jsonAgg(String sql) {
        return (String) db.query("SELECT coalesce(json_agg(t), '[]'::json)::text AS j FROM (" + sql + ") t").get(0).get("j");
    }

    private long count(String sql) {
        return ((Number) db.query(sql).get(0).values().iterator().next()).longValue();
    }

    private static void assertRefused(Cli r, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    }

    @Test
    void versionHelpAndUsageErrors() {
        Cli version = JarCli.run("--version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("hasura-perms 0.1.0");
        Cli help = JarCli.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("check", "explain", "matrix", "select", "insert", "update", "delete");
        Cli unknown = JarCli.run("frobnicate");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");
        Cli badJson = jar("select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                "--where", "{type: Golf}");
        assertThat(badJson.code()).as(badJson.toString()).isEqualTo(2);
        assertThat(badJson.err()).startsWith("--where: not valid JSON");
    }

    @Test
    void checkExplainAndMatrixAgainstTheDatabase() {
        Cli check = jar("check", "--format", "json");
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("\"ok\": true");
        Cli explain = jar("explain", "--role", "user", "--table", "events", "--op", "select", "--session",
                "X-Hasura-User-Id=2", "--engine", "jooq");
        assertThat(explain.code()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("limit: 10").contains("session variables: x-hasura-user-id (integer)");
        Cli matrix = jar("matrix", "--format", "json");
        assertThat(matrix.code()).as(matrix.toString()).isZero();
        assertThat(matrix.out()).isEqualTo(Fixtures.read("matrix/hasura-events.json"));
    }

    @Test
    void invalidMetadataExitsOne() {
        Cli r = JarCli.run("select", "--metadata", Fixtures.path("check/unknown-column/metadata.yaml").toString(),
                "--jdbc-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(), "--role", "user",
                "--table", "events");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as("its tables are not in the hasura-events database").contains("error: [");
        Cli check = JarCli.run("check", "--metadata", Fixtures.path("check/unknown-column/metadata.yaml").toString(),
                "--ddl", Fixtures.path("check/schema.sql").toString());
        assertThat(check.code()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("[UNKNOWN_COLUMN]").contains("error(s)");
    }

    @Test
    void selectPrintsTheUsersOwnEventsUpToThePermissionsLimitAsJsonAgg() {
        for (String engine : List.of("jdbc", "jooq")) {
            Cli r = jar("select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                    "--order-by", "id", "--engine", engine);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).as(engine).isEqualTo(jsonAgg("SELECT id, user_id, type, data, created_at, happened_at "
                    + "FROM events WHERE user_id = 2 ORDER BY id LIMIT 10") + "\n");
            Cli golf = jar("select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                    "--columns", "type,id,data", "--order-by", "happened_at,id", "--limit", "3", "--where",
                    "{\"type\": {\"_eq\": \"Golf\"}, \"data\": {\"_has_key\": \"strokes\"}}", "--engine", engine);
            assertThat(golf.out()).as(golf.toString()).isEqualTo(jsonAgg("SELECT type, id, data FROM events "
                    + "WHERE user_id = 2 AND type = 'Golf' ORDER BY happened_at, id LIMIT 3") + "\n");
        }
        assertRefused(jar("select", "--role", "user", "--table", "events"), "MISSING_SESSION_VARIABLE");
        assertRefused(jar("select", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "sessions"),
                "NO_PERMISSION");
    }

    @Test
    void insertUpdateAndDeleteUnderRoleUser() {
        long before = count("SELECT count(*) FROM events");
        Cli insert = jar("insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                "--rows", "[{\"type\": \"Golf\", \"data\": {\"strokes\": 70, \"course\": \"Course 1\"}}]");
        assertThat(insert.code()).as(insert.toString()).isZero();
        assertThat(insert.out()).isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(jsonAgg("SELECT user_id, type, data FROM events WHERE id = (SELECT max(id) FROM events)"))
                .isEqualTo("[{\"user_id\":2,\"type\":\"Golf\",\"data\":{\"course\": \"Course 1\", \"strokes\": 70}}]");
        assertRefused(jar("insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                "--rows", "[{\"type\": \"Golf\", \"data\": {}, \"user_id\": 3}]"), "COLUMN_NOT_ALLOWED");
        assertRefused(jar("insert", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                "--rows", "[{\"type\": \"Golf\", \"data\": {}}, {\"data\": {}}]", "--engine", "jooq"), "DATABASE_ERROR");
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(before + 1);

        Cli renameSelf = jar("update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "users",
                "--set", "{\"username\": \"Renamed\"}");
        assertThat(renameSelf.out()).as(renameSelf.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        Cli renameOther = jar("update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "users",
                "--set", "{\"username\": \"Hacked\"}", "--where", "{\"id\": {\"_eq\": 3}}", "--engine", "jooq");
        assertThat(renameOther.out()).as(renameOther.toString()).isEqualTo("{\"affected_rows\": 0}\n");
        assertRefused(jar("update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "users",
                "--set", "{\"id\": 9}"), "COLUMN_NOT_ALLOWED");
        assertThat(jsonAgg("SELECT id, username FROM users ORDER BY id")).contains("{\"id\":2,\"username\":\"Renamed\"}")
                .contains("{\"id\":3,\"username\":\"DefensiveDribbler\"}");

        Cli dry = jar("update", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "users",
                "--set", "{\"username\": \"Dry\"}", "--dry-run");
        assertThat(dry.out()).as(dry.toString()).isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(count("SELECT count(*) FROM users WHERE username = 'Dry'")).isZero();

        assertRefused(jar("delete", "--role", "user", "--session", "X-Hasura-User-Id=2", "--table", "events",
                "--where", "{\"id\": {\"_eq\": 1}}"), "NO_PERMISSION");
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(before + 1);
    }

    @Test
    void deleteAndAFailedCheckOnTheEnforcementFixture() {
        String metadata = Fixtures.path("enforcement/metadata.json").toString();
        Cli delete = JarCli.run("delete", "--metadata", metadata, "--jdbc-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password(), "--role", "user", "--session", "X-Hasura-User-Id=1", "--table",
                "articles", "--where", "{\"title\": {\"_like\": \"ada%\"}}", "--engine", "jooq");
        assertThat(delete.code()).as(delete.toString()).isZero();
        assertThat(delete.out()).as("only ada's draft: the filter keeps published articles").isEqualTo("{\"affected_rows\": 1}\n");
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(4);
        assertRefused(JarCli.run("insert", "--metadata", metadata, "--jdbc-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password(), "--role", "user", "--session", "X-Hasura-User-Id=2", "--table",
                "articles", "--rows", "[{\"author_id\": 2, \"title\": \"fine\"}, {\"author_id\": 1, \"title\": \"as ada\"}]"),
                "CHECK_VIOLATION");
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(4);
    }
}
