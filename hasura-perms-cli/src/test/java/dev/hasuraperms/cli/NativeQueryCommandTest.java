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
 * {@code native-query} with both engines, {@code explain --logical-model}, {@code matrix} and {@code check} on native
 * queries (fixtures/native-query-run), with the exit codes of docs/cli.md.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeQueryCommandTest {

    private static final String METADATA = Fixtures.path("native-query-run/metadata.json").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("native-query-run/schema.sql"));
    }

    private Cli run(String command, String metadata, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--metadata", metadata, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void nativeQueryPrintsThePermittedRowsWithTypedArguments(String engine) {
        Cli r = run("native-query", METADATA, "--engine", engine, "--name", "articles_after", "--role", "reader",
                "--session", "X-Hasura-Hidden-Country=uk", "--args", "{\"min_id\": 10}", "--columns", "id,title",
                "--order-by", "id");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("[{\"id\":12,\"title\":\"b1\"}, \n {\"id\":13,\"title\":\"b2\"}, \n"
                + " {\"id\":15,\"title\":\"c2\"}]\n");
        Cli injection = run("native-query", METADATA, "--engine", engine, "--name", "articles_titled", "--role", "author",
                "--session", "X-Hasura-User-Id=1", "--args", "{\"title\": \"a1' OR '1'='1\"}");
        assertThat(injection.code()).as(injection.toString()).isZero();
        assertThat(injection.out()).isEqualTo("[]\n");
    }

    @Test
    void refusalsAndUsageErrorsHaveTheirExitCodes() {
        Cli wrongType = run("native-query", METADATA, "--name", "articles_after", "--role", "reader",
                "--session", "X-Hasura-Hidden-Country=uk", "--args", "{\"min_id\": \"ten\"}");
        assertThat(wrongType.code()).as(wrongType.toString()).isEqualTo(3);
        assertThat(wrongType.err()).startsWith("NATIVE_QUERY_ARGUMENT: ");
        Cli missing = run("native-query", METADATA, "--name", "articles_after", "--role", "reader",
                "--session", "X-Hasura-Hidden-Country=uk");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).startsWith("NATIVE_QUERY_ARGUMENT: ").contains("missing");
        Cli unknown = run("native-query", METADATA, "--name", "nope", "--role", "reader");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("NO_PERMISSION: ");
        Cli nobody = run("native-query", METADATA, "--name", "articles_after", "--role", "nobody", "--args", "{\"min_id\": 1}");
        assertThat(nobody.code()).isEqualTo(3);
        assertThat(nobody.err()).startsWith("NO_PERMISSION: ");
        Cli notObject = run("native-query", METADATA, "--name", "articles_after", "--role", "reader", "--args", "[1]");
        assertThat(notObject.code()).isEqualTo(2);
    }

    @Test
    void aNativeQueryThatDoesNotPrepareIsExit1ForCheckAndNativeQuery(@TempDir Path dir) throws Exception {
        String broken = Files.readString(Path.of(METADATA)).replace("FROM posts p JOIN people a ON a.id = p.author_id WHERE p.id",
                "FROM postz p JOIN people a ON a.id = p.author_id WHERE p.id");
        Path file = dir.resolve("metadata.json");
        Files.writeString(file, broken);
        Cli check = run("check", file.toString());
        assertThat(check.code()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("[NATIVE_QUERY_INVALID_SQL] native query articles_after: the database cannot"
                + " prepare its code: ").contains("postz");
        Cli r = run("native-query", file.toString(), "--name", "articles_after", "--role", "reader", "--args",
                "{\"min_id\": 1}");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("NATIVE_QUERY_INVALID_SQL");
        assertThat(run("check", METADATA).code()).isZero();
    }

    @Test
    void explainAndMatrixCoverLogicalModels() {
        Cli explain = run("explain", METADATA, "--logical-model", "article", "--op", "select", "--role", "reader",
                "--session", "X-Hasura-Hidden-Country=us");
        assertThat(explain.code()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("-- role reader, select on logical model article")
                .contains("session variables: x-hasura-hidden-country (text)").contains("fields: id, title, author")
                .contains("native query: articles_after").contains("filter: ").contains("\"article\".\"is_published\"")
                .contains("filter binds: ").contains("us::text");
        Cli both = run("explain", METADATA, "--logical-model", "article", "--op", "select", "--role", "reader_author",
                "--session", "X-Hasura-Hidden-Country=us", "--session", "X-Hasura-User-Id=3", "--engine", "jooq");
        assertThat(both.code()).as(both.toString()).isZero();
        assertThat(both.out()).contains("redaction author_id: ");
        assertThat(run("explain", METADATA, "--logical-model", "article", "--op", "insert", "--role", "reader").code())
                .isEqualTo(3);
        Cli matrix = run("matrix", METADATA);
        assertThat(matrix.code()).as(matrix.toString()).isZero();
        assertThat(matrix.out()).contains("pg_logical_model.article");
    }
}
