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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code aggregate} with both engines on the enforcement fixture, its role user given allow_aggregations on articles
 * (rows: published, or its own), editor left without it.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateCommandTest {

    private TestDatabase db;
    private String metadata;

    @BeforeAll
    void setUp(TestDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
        String m = Fixtures.read("enforcement/metadata.json");
        String limit = "\"limit\": 100}}";
        assertThat(m).containsOnlyOnce(limit);
        Path file = dir.resolve("metadata.json");
        Files.writeString(file, m.replace(limit, "\"limit\": 1, \"allow_aggregations\": true}}"));
        metadata = file.toString();
    }

    private Cli run(String engine, String... args) {
        List<String> all = new ArrayList<>(List.of("aggregate", "--metadata", metadata, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--engine", engine, "--table", "articles"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void printsHasurasAggregateShapeOverEveryPermittedRow(String engine) {
        // user 1 sees its two articles and the other three published ones; the permission's limit (1) does not cap.
        Cli r = run(engine, "--role", "user", "--session", "X-Hasura-User-Id=1", "--count", "--sum", "rating",
                "--max", "rating,title", "--min", "title");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("{\"aggregate\":{\"count\":4,\"sum\":{\"rating\":13},\"max\":{\"rating\":5,"
                + "\"title\":\"cy published\"},\"min\":{\"title\":\"ada draft\"}}}\n");
        Cli w = run(engine, "--role", "user", "--session", "X-Hasura-User-Id=2", "--count-distinct", "author_id",
                "--avg", "rating", "--where", "{\"rating\": {\"_gt\": 1}}");
        assertThat(w.out()).as(w.toString()).isEqualTo("{\"aggregate\":{\"count\":2,\"avg\":{\"rating\":4.5000000000000000}}}\n");
        Cli g = run(engine, "--role", "user", "--session", "X-Hasura-User-Id=3", "--count", "--group-by", "is_published");
        assertThat(g.out()).as(g.toString()).contains("{\"group_key\":{\"is_published\":true},\"aggregate\":{\"count\":3}}")
                .startsWith("{\"group_by\":[");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void refusalsExitThree(String engine) {
        assertRefused(run(engine, "--role", "editor", "--count"), "NO_PERMISSION", "allow_aggregations");
        assertRefused(run(engine, "--role", "user", "--session", "X-Hasura-User-Id=1", "--sum", "body"),
                "COLUMN_NOT_ALLOWED", "body");
        assertRefused(run(engine, "--role", "user", "--session", "X-Hasura-User-Id=1", "--sum", "title"),
                "AGGREGATE_NOT_APPLICABLE", "title");
        assertRefused(run(engine, "--role", "user", "--sum", "rating"), "MISSING_SESSION_VARIABLE", "x-hasura-user-id");
    }

    @Test
    void usageErrorsExitTwo() {
        Cli none = run("jdbc", "--role", "user", "--session", "X-Hasura-User-Id=1");
        assertThat(none.code()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("no aggregate");
        Cli two = run("jdbc", "--role", "user", "--session", "X-Hasura-User-Id=1", "--count", "--count-distinct", "id");
        assertThat(two.code()).as(two.toString()).isEqualTo(2);
        assertThat(two.out()).isEmpty();
    }

    private static void assertRefused(Cli r, String code, String detail) {
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith(code + ": ").contains(detail);
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    }
}
