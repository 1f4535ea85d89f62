package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Enum tables ({@code is_enum}) validated as Hasura does, and the columns that reference them typed as the enum:
 * literals, presets, session values (at bind time) and written values must be rows of the enum table
 * (fixtures/enum-tables).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnumTablesTest {

    private static final QualifiedName POSTS = QualifiedName.of("ev_posts");

    private TestDatabase db;
    private DatabaseSchema schema;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("enum-tables/schema.sql"));
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    private CheckResult check(Metadata m) throws Exception {
        try (Connection c = db.connection()) {
            return PermissionChecker.check(m, schema,
                    CheckOptions.DEFAULT.withEnumValues(EnumTableValues.read(c, m, schema)));
        }
    }

    private static Metadata yaml(String yaml) {
        return MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson());
    }

    private static Metadata posts(String permissions) {
        return yaml("""
                version: 3
                sources:
                  - name: default
                    tables:
                      - {table: ev_status, is_enum: true}
                      - table: ev_posts
                %s
                """.formatted(permissions.indent(8)));
    }

    private static List<String> messages(CheckResult r, DiagnosticCode code) {
        return r.diagnostics().stream().filter(d -> d.code() == code).map(Diagnostic::message).toList();
    }

    @Test
    void tablesThatCannotBeEnumsAreReportedWithHasurasReasons() throws Exception {
        CheckResult r = check(MetadataLoader.defaults().load(Fixtures.path("enum-tables/invalid.yaml")));
        assertThat(r.diagnostics()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.INVALID_ENUM_TABLE);
        assertThat(messages(r, DiagnosticCode.INVALID_ENUM_TABLE)).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("ev_int_key").contains("primary key (id) must have type text, not type"),
                m -> assertThat(m).contains("ev_no_key").contains("must have a primary key"),
                m -> assertThat(m).contains("ev_two_keys").contains("must not span multiple columns (a, b)"),
                m -> assertThat(m).contains("ev_many_columns").contains("not 2 columns (a, b)"),
                m -> assertThat(m).contains("ev_int_comment").contains("comment column (n) must have type text"),
                m -> assertThat(m).contains("ev_empty").contains("at least one row"),
                m -> assertThat(m).contains("ev_bad_names").contains("[\"1st\", \"has space\", \"true\"]"));
    }

    @Test
    void literalsAndPresetsOnAnEnumReferenceMustBeRowsOfTheEnumTable() throws Exception {
        CheckResult bogus = check(posts("""
                select_permissions:
                  - {role: user, permission: {columns: "*", filter: {status: {_eq: bogus}}}}
                  - {role: other, permission: {columns: "*", filter: {status: {_in: [draft, nope]}}}}
                insert_permissions:
                  - {role: user, permission: {columns: [id], check: {}, set: {status: bogus2}}}
                """));
        assertThat(bogus.permissions()).isEmpty();
        assertThat(messages(bogus, DiagnosticCode.LITERAL_TYPE_MISMATCH)).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("\"bogus\" is not a value of enum table public.ev_status"))
                .anySatisfy(m -> assertThat(m).contains("nope"))
                .anySatisfy(m -> assertThat(m).contains("bogus2"));
        CheckResult good = check(posts("""
                select_permissions:
                  - {role: user, permission: {columns: "*", filter: {status: {_eq: draft}}}}
                insert_permissions:
                  - {role: user, permission: {columns: [id], check: {}, set: {status: published}}}
                """));
        assertThat(good.diagnostics()).isEmpty();
        // Hasura's enum references have no text operators.
        assertThat(check(posts("""
                select_permissions:
                  - {role: user, permission: {columns: "*", filter: {status: {_like: "d%"}}}}
                """)).diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
    }

    @Test
    void withoutTheRowsTheReferenceStaysTextWithAWarning() {
        CheckResult r = PermissionChecker.check(posts("""
                select_permissions:
                  - {role: user, permission: {columns: "*", filter: {status: {_eq: bogus}}}}
                """), schema);
        assertThat(r.permissions()).isPresent();
        assertThat(r.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.ENUM_VALUES_UNKNOWN);
    }

    @Test
    void sessionValuesAndWrittenValuesAreValidatedBeforeAnySql() throws Exception {
        SecureJdbc secure = SecureJdbc.of(check(MetadataLoader.defaults().load(Fixtures.path("enum-tables/metadata.yaml")))
                .orThrow());
        Session bogus = Session.of("user", Map.of("X-Hasura-Status", "bogus"));
        assertThatThrownBy(() -> secure.select(noSql(), bogus, POSTS).statement())
                .isInstanceOf(InvalidSessionVariableException.class).hasMessageContaining("enum table public.ev_status");
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, Session.of("user", Map.of("X-Hasura-Status", "published")), POSTS).columns("id")
                    .fetchMaps()).containsExactly(Map.of("id", 2));
            assertThat(secure.select(c, Session.of("reader", Map.of()), POSTS).columns("id").fetchMaps()).hasSize(2);
        }
        assertThatThrownBy(() -> secure.insert(noSql(), bogus, POSTS).values(Map.of("id", 3, "status", "bogus")).execute())
                .isInstanceOf(InvalidColumnValueException.class).hasMessageContaining("enum table public.ev_status");
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, bogus, POSTS).values(Map.of("id", 3, "status", "draft")).execute().affectedRows())
                    .isEqualTo(1);
        } finally {
            db.execute("DELETE FROM ev_posts WHERE id = 3");
        }
    }
}
