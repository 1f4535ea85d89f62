package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link NativeQueryChecks}: a native query's code is prepared (never run) on the live database; code that does not
 * parse and rows that do not match the logical model are diagnostics, not SQL errors at request time.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeQueryChecksTest {

    private TestDatabase db;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("native-query-run/schema.sql"));
    }

    private List<Diagnostic> check(String code, String arguments) throws Exception {
        String json = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [],
                  "logical_models": [{"name": "item", "fields": [
                    {"name": "id", "type": {"scalar": "integer", "nullable": false}},
                    {"name": "title", "type": {"scalar": "text", "nullable": true}}],
                    "select_permissions": [{"role": "user", "permission": {"columns": "*", "filter": {}}}]}],
                  "native_queries": [{"root_field_name": "items", "returns": "item", "arguments": %s, "code": %s}]}]}
                """.formatted(arguments, dev.hasuraperms.json.JsonString.of(code).toJson());
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().loadJson(json),
                JdbcSchemaReader.defaults().read(db.dataSource()));
        assertThat(r.errors()).isEmpty();
        try (Connection c = db.connection()) {
            return NativeQueryChecks.check(c, r.orThrow());
        }
    }

    private static List<DiagnosticCode> codes(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::code).toList();
    }

    @Test
    void matchingCodeChecksAndNothingRuns() throws Exception {
        assertThat(check("SELECT id, title FROM posts WHERE id > {{min}}", "{\"min\": {\"type\": \"integer\"}}"))
                .isEmpty();
        // prepared, not run: a division by zero at run time is not noticed, a delete cannot stand in FROM
        assertThat(check("SELECT id / 0 AS id, title FROM posts", "{}")).isEmpty();
        List<Diagnostic> delete = check("DELETE FROM posts RETURNING id, title", "{}");
        assertThat(codes(delete)).containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_SQL);
        assertThat(db.query("SELECT count(*) AS n FROM posts")).extracting(r -> r.get("n")).containsExactly(6L);
    }

    @Test
    void codeThatDoesNotParseOrNamesWhatDoesNotExistIsADiagnostic() throws Exception {
        List<Diagnostic> parse = check("SELEC id, title FROM posts", "{}");
        assertThat(codes(parse)).containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_SQL);
        // the example of docs/diagnostics.md
        assertThat(parse.get(0).message()).isEqualTo("native query items: the database cannot prepare its code: ERROR:"
                + " syntax error at or near \",\"");
        assertThat(codes(check("SELECT id, title FROM no_such_table", "{}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_SQL);
        // an argument of the wrong type for where it is used
        assertThat(codes(check("SELECT id, title FROM posts WHERE id > {{min}}", "{\"min\": {\"type\": \"boolean\"}}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_SQL);
    }

    @Test
    void aMissingOrMistypedColumnIsAMismatch() throws Exception {
        List<Diagnostic> missing = check("SELECT id FROM posts", "{}");
        assertThat(codes(missing)).containsExactly(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH);
        assertThat(missing.get(0).message()).contains("field title of logical model item is not a column");
        List<Diagnostic> typed = check("SELECT id::bigint AS id, title FROM posts", "{}");
        assertThat(codes(typed)).containsExactly(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH);
        assertThat(typed.get(0).message()).contains("column id has type int8, but field id of logical model item has type integer");
        assertThat(codes(check("SELECT id, title, title FROM posts", "{}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH);
    }
}
