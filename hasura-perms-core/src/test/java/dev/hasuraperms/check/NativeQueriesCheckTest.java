package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of native queries that need no database (see also fixtures/check/native-query-*). */
class NativeQueriesCheckTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("check/schema.json"));

    private static CheckResult check(String code, String arguments) {
        String json = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [],
                  "logical_models": [{"name": "item", "fields": [{"name": "id", "type": {"scalar": "integer"}}],
                    "select_permissions": [{"role": "user", "permission": {"columns": "*", "filter": {}}}]}],
                  "native_queries": [{"root_field_name": "items", "returns": "item", "arguments": %s, "code": %s}]}]}
                """.formatted(arguments, JsonString.of(code).toJson());
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(json), SCHEMA);
    }

    private static List<DiagnosticCode> codes(CheckResult r) {
        return r.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void aValidNativeQueryResolvesWithItsArgumentTypesAndColumns() {
        CheckResult r = check("SELECT id FROM t WHERE id > {{min}} AND d ? 'k'", "{\"min\": {\"type\": \"bigint\"}}");
        assertThat(r.diagnostics()).isEmpty();
        NativeQueries.Resolved q = NativeQueries.resolve(r.orThrow(), "items").orElseThrow();
        assertThat(q.argumentTypes().get("min").sqlName()).isEqualTo("int8");
        assertThat(q.columns()).containsOnlyKeys("id");
        assertThat(NativeQueries.resolve(r.orThrow(), "nope")).isEmpty();
    }

    @Test
    void anArgumentOfAnUnknownTypeIsUnknownType() {
        CheckResult r = check("SELECT 1 AS id WHERE {{min}} > 0", "{\"min\": {\"type\": \"floaty\"}}");
        assertThat(codes(r)).containsExactly(DiagnosticCode.UNKNOWN_TYPE);
        assertThat(r.diagnostics().get(0).message()).contains("argument min of native query items has type floaty");
    }

    @Test
    void placeholdersThatCouldNotBeParametersAndASecondStatementAreRefused() {
        assertThat(codes(check("SELECT 1 AS id WHERE {{ min }} > 0", "{\"min\": {\"type\": \"integer\"}}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_PLACEHOLDER);
        assertThat(codes(check("SELECT 1 AS id WHERE '{{min}}' > ''", "{\"min\": {\"type\": \"integer\"}}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_PLACEHOLDER);
        assertThat(codes(check("SELECT 1 AS id; DELETE FROM t", "{}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_PLACEHOLDER);
        assertThat(codes(check("SELECT 1 AS id) AS x WHERE TRUE OR (TRUE", "{}")))
                .containsExactly(DiagnosticCode.NATIVE_QUERY_INVALID_PLACEHOLDER);
    }
}
