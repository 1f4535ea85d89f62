package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 through the CLI: {@code 1e100000000}, {@code 1e-2147483648} and lone surrogates in {@code --where} and
 * {@code --rows} are one-line refusals (they used to hang for minutes or end in a stack trace). The timeout only
 * guards against a hang.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliHostileNumbersTest {

    private static final String METADATA = Fixtures.path("enforcement/metadata.json").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    private Cli run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--role", "user", "--session",
                "X-Hasura-User-Id=2", "--table", "articles"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertOneLineFailure(Cli r, int exit, String start) {
        assertThat(r.code()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err()).as(r.toString()).contains(start).doesNotContain("\tat ").hasSizeLessThan(600);
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    }

    @Test
    void hostileNumbersInWhereAreRefused() {
        assertOneLineFailure(run("select", "--where", "{\"rating\": {\"_gt\": 1e100000000}}"), 3, "LITERAL_TYPE_MISMATCH");
        assertOneLineFailure(run("select", "--where", "{\"rating\": {\"_gt\": -1e999999999}}"), 3, "LITERAL_TYPE_MISMATCH");
        assertOneLineFailure(run("select", "--where", "{\"title\": {\"_eq\": \"\\ud800\"}}"), 3, "LITERAL_TYPE_MISMATCH");
        assertOneLineFailure(run("select", "--where", "{\"rating\": {\"_gt\": 1e-2147483648}}"), 2, "out of range");
    }

    @Test
    void hostileNumbersInRowsAreRefusedAndNothingIsWritten() {
        Object before = db.query("SELECT count(*) AS n FROM articles").get(0).get("n");
        assertOneLineFailure(run("insert", "--rows", "[{\"author_id\": 2, \"title\": \"t\", \"rating\": 1e100000000}]"),
                3, "INVALID_COLUMN_VALUE");
        assertOneLineFailure(run("insert", "--rows", "[{\"author_id\": 2, \"title\": \"t\", \"rating\": 1e999999999}]"),
                3, "INVALID_COLUMN_VALUE");
        assertOneLineFailure(run("insert", "--rows", "[{\"author_id\": 2, \"title\": \"\\udc00\"}]"),
                3, "INVALID_COLUMN_VALUE");
        assertOneLineFailure(run("insert", "--rows", "[{\"author_id\": 2, \"title\": \"t\", \"rating\": 1e2147483648}]"),
                2, "out of range");
        assertThat(db.query("SELECT count(*) AS n FROM articles").get(0).get("n")).isEqualTo(before);
    }
}
