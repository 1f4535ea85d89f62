package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad computed-field metadata is refused at check time, with a code and a JSON path, against the live schema of
 * fixtures/computed-fields: a session argument that is not json/jsonb, a table argument of another table, a table
 * argument name the function does not have, an unknown computed field in a select permission, and a field with input
 * arguments in a filter.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComputedFieldDiagnosticsTest {

    private DatabaseSchema schema;

    @BeforeAll
    void setUp(TestDatabase db) {
        db.execute(Fixtures.read("computed-fields/schema.sql"));
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    private CheckResult check(String computedFields, String permission) {
        String yaml = """
                version: 3
                sources:
                - name: default
                  kind: postgres
                  tables:
                  - table: {schema: public, name: authors}
                    computed_fields:
                %s
                    select_permissions:
                    - role: user
                      permission:
                %s
                  - table: {schema: public, name: articles}
                """.formatted(computedFields.indent(4).stripTrailing(), permission.indent(8).stripTrailing());
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson()), schema);
    }

    private static Diagnostic only(CheckResult r) {
        assertThat(r.errors()).as(r.diagnostics().toString()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    void aSessionArgumentThatIsNotJsonIsRefused() {
        Diagnostic d = only(check("""
                - name: bad
                  definition: {function: {schema: public, name: bad_session}, session_argument: s}""",
                "{columns: [id], filter: {}}"));
        assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_COMPUTED_FIELD);
        assertThat(d.message()).contains("session argument s is not json");
        assertThat(d.jsonPath()).isEqualTo("$.sources[0].tables[0].computed_fields[0]");
    }

    @Test
    void aTableArgumentOfTheWrongTypeOrNameIsRefused() {
        Diagnostic d = only(check("""
                - name: bad
                  definition: {function: {schema: public, name: name_with}, table_argument: prefix}""",
                "{columns: [id], filter: {}}"));
        assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_COMPUTED_FIELD);
        assertThat(d.message()).contains("no argument named prefix of type public.authors");
        d = only(check("""
                - name: bad
                  definition: {function: {schema: public, name: name_with}, table_argument: nope}""",
                "{columns: [id], filter: {}}"));
        assertThat(d.message()).contains("no argument named nope");
    }

    @Test
    void anUnknownComputedFieldInASelectPermissionIsRefused() {
        Diagnostic d = only(check("""
                - name: name_len
                  definition: {function: {schema: public, name: name_len}}""",
                "{columns: [id], computed_fields: [name_len, nope], filter: {}}"));
        assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_COMPUTED_FIELD);
        assertThat(d.message()).isEqualTo("computed field nope is not defined on public.authors");
        assertThat(d.jsonPath()).isEqualTo("$.sources[0].tables[0].select_permissions[0].permission.computed_fields");
    }

    @Test
    void aFieldWithInputArgumentsIsReadableButNotFilterable() {
        assertThat(check("""
                - name: name_with
                  definition: {function: {schema: public, name: name_with}, table_argument: a}""",
                "{columns: [id], computed_fields: [name_with], filter: {}}").errors()).isEmpty();
        Diagnostic d = only(check("""
                - name: name_with
                  definition: {function: {schema: public, name: name_with}, table_argument: a}""",
                "{columns: [id], computed_fields: [name_with], filter: {name_with: {_eq: x}}}"));
        assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_COMPUTED_FIELD);
        assertThat(d.message()).contains("takes input arguments");
    }
}
