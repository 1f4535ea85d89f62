package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.enforce.FunctionPlan;
import dev.hasuraperms.enforce.InvalidFunctionArgumentException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.metadata.FunctionConfiguration;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.SqlNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Tracked functions: their configuration, Hasura's rules for who may call them (select permission on the return
 * table; a function permission for mutations, and for queries when inference is off; inherited roles), and the
 * validation of a call's arguments before any SQL.
 */
class TrackedFunctionsTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("check/schema.json"));
    private static final QualifiedName SEARCH = QualifiedName.of("search_articles");
    private static final QualifiedName FOR = QualifiedName.of("articles_for");
    private static final QualifiedName PUBLISH = QualifiedName.of("publish_all");

    private static final String METADATA = """
            version: 3
            sources:
              - name: default
                kind: postgres
                tables:
                  - table: articles
                    select_permissions:
                      - role: user
                        permission: {columns: [id, title], filter: {is_published: {_eq: true}}, limit: 5}
                      - role: editor
                        permission: {columns: "*", filter: {}}
                      - role: reader
                        permission: {columns: [id], filter: {}}
                functions:
                  - function: search_articles
                    configuration: {custom_root_fields: {function: findArticles}}
                  - function: articles_for
                    configuration: {session_argument: hasura_session, custom_name: articlesFor}
                  - function: publish_all
                    permissions: [{role: editor}, {role: reader}]
            inherited_roles:
              - role_name: both
                role_set: [user, reader]
            """;

    private static Metadata metadata(String yaml) {
        return MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson());
    }

    private static CheckedPermissions checked(boolean infer) {
        return PermissionChecker.check(metadata(METADATA), SCHEMA,
                CheckOptions.DEFAULT.withInferFunctionPermissions(infer)).orThrow();
    }

    @Test
    void theVolatilityIsReadAndAnUnsetExposedAsFollowsIt() {
        CheckedPermissions p = checked(true);
        assertThat(SCHEMA.functions(SEARCH).get(0).volatility()).isEqualTo(SqlFunction.Volatility.STABLE);
        assertThat(p.function(SEARCH).orElseThrow().exposedAs()).isEqualTo(FunctionConfiguration.ExposedAs.QUERY);
        assertThat(p.function(PUBLISH).orElseThrow().exposedAs()).isEqualTo(FunctionConfiguration.ExposedAs.MUTATION);
        assertThat(p.function(SEARCH).orElseThrow().rootField()).isEqualTo("findArticles");
        assertThat(p.function(FOR).orElseThrow().rootField()).isEqualTo("articlesFor");
        assertThat(p.function(PUBLISH).orElseThrow().rootField()).isEqualTo("publish_all");
        assertThat(p.function(FOR).orElseThrow().arguments()).singleElement()
                .satisfies(a -> assertThat(a.session()).isTrue());
        assertThat(p.function(SEARCH).orElseThrow().returnTable()).isEqualTo(QualifiedName.of("articles"));
    }

    @Test
    void withInferenceASelectPermissionOnTheReturnTableSufficesForAQueryFunction() {
        CheckedPermissions p = checked(true);
        ResolvedFunction search = p.function(SEARCH).orElseThrow();
        assertThat(p.functionSelect(search, "user")).isPresent();
        assertThat(p.functionSelect(search, "guest")).as("no select permission on articles").isEmpty();
    }

    @Test
    void withoutInferenceAQueryFunctionNeedsAFunctionPermission() {
        CheckedPermissions p = checked(false);
        assertThat(p.functionSelect(p.function(SEARCH).orElseThrow(), "user")).isEmpty();
        assertThat(p.functionSelect(p.function(PUBLISH).orElseThrow(), "editor")).isPresent();
    }

    @Test
    void aMutationFunctionNeedsAFunctionPermissionEvenWithInference() {
        CheckedPermissions p = checked(true);
        ResolvedFunction publish = p.function(PUBLISH).orElseThrow();
        assertThat(p.functionSelect(publish, "user")).isEmpty();
        assertThat(p.functionSelect(publish, "editor")).isPresent();
        assertThatThrownBy(() -> Enforcement.of(p).function(PUBLISH, Session.of("user", Map.of()), Map.of(), List.of(),
                OptionalInt.empty())).isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("exposed as a mutation");
    }

    @Test
    void anInheritedRoleHasAFunctionPermissionWhenAParentHasOne() {
        CheckedPermissions p = checked(false);
        assertThat(p.function(PUBLISH).orElseThrow().permissionRoles()).contains("editor", "reader", "both");
        assertThat(p.functionSelect(p.function(PUBLISH).orElseThrow(), "both")).isPresent();
        assertThat(p.functionSelect(p.function(SEARCH).orElseThrow(), "both")).isEmpty();
    }

    @Test
    void theTrustedAdminMayCallEveryTrackedFunction() {
        CheckedPermissions admin = checked(false).forSession(Session.admin());
        assertThat(admin.functionSelect(admin.function(PUBLISH).orElseThrow(), "admin")).isPresent();
        assertThat(admin.functionSelect(admin.function(SEARCH).orElseThrow(), "admin")).isPresent();
    }

    @Test
    void argumentsArePositionalUntilAnOmittedOneThenByNameAndTheSessionArgumentIsTheSession() {
        Enforcement e = Enforcement.of(checked(true));
        FunctionPlan plan = e.function(SEARCH, Session.of("user", Map.of()), Map.of("search", "ab"), List.of(),
                OptionalInt.of(50));
        assertThat(plan.arguments()).singleElement().satisfies(a -> {
            assertThat(a.sqlName()).isEmpty();
            assertThat(a.value()).isEqualTo("ab");
        });
        assertThat(plan.columns()).containsExactly("id", "title");
        assertThat(plan.limit()).hasValue(5);
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("max_rating", null);
        withNull.put("search", "x");
        assertThat(e.function(SEARCH, Session.of("user", Map.of()), withNull, List.of(), OptionalInt.empty())
                .arguments().get(1).value()).isEqualTo(SqlNull.INSTANCE);
        FunctionPlan session = e.function(FOR, Session.of("user", Map.of("X-Hasura-User-Id", "7")), Map.of(),
                List.of("id"), OptionalInt.empty());
        assertThat(session.arguments()).singleElement().satisfies(a -> assertThat(((JsonObject) a.value()).toJson())
                .contains("\"x-hasura-user-id\":\"7\"").contains("\"x-hasura-role\":\"user\""));
    }

    @Test
    void badCallsAreRefusedBeforeAnySql() {
        Enforcement e = Enforcement.of(checked(true));
        Session user = Session.of("user", Map.of());
        assertThatThrownBy(() -> e.function(QualifiedName.of("nope"), user, Map.of(), List.of(), OptionalInt.empty()))
                .isInstanceOf(FunctionNotAllowedException.class).hasMessageContaining("not a tracked function")
                .satisfies(x -> assertThat(((FunctionNotAllowedException) x).code()).isEqualTo(DiagnosticCode.NO_PERMISSION));
        assertThatThrownBy(() -> e.function(SEARCH, Session.of("guest", Map.of()), Map.of("search", "a"), List.of(),
                OptionalInt.empty())).isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("no select permission");
        assertThatThrownBy(() -> e.function(SEARCH, user, Map.of(), List.of(), OptionalInt.empty()))
                .isInstanceOf(InvalidFunctionArgumentException.class).hasMessageContaining("cannot be omitted");
        assertThatThrownBy(() -> e.function(SEARCH, user, Map.of("search", "a", "other", 1), List.of(),
                OptionalInt.empty())).isInstanceOf(InvalidFunctionArgumentException.class)
                .hasMessageContaining("no such argument");
        assertThatThrownBy(() -> e.function(SEARCH, user, Map.of("search", "a", "max_rating", "high"), List.of(),
                OptionalInt.empty())).isInstanceOf(InvalidFunctionArgumentException.class)
                .hasMessageContaining("not a valid integer")
                .satisfies(x -> assertThat(((InvalidFunctionArgumentException) x).code())
                        .isEqualTo(DiagnosticCode.INVALID_FUNCTION_ARGUMENT));
        assertThatThrownBy(() -> e.function(FOR, user, Map.of("hasura_session", Map.of()), List.of(),
                OptionalInt.empty())).isInstanceOf(InvalidFunctionArgumentException.class)
                .hasMessageContaining("session argument");
        assertThatThrownBy(() -> e.function(SEARCH, user, Map.of("search", "a"), List.of("body"), OptionalInt.empty()))
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
    }

    @Test
    void aSnapshotKeepsTheVolatilityAndRefusesAnUnknownOne() {
        DatabaseSchema s = new DatabaseSchema(List.of(), List.of(new SqlFunction(QualifiedName.of("f"), List.of(),
                dev.hasuraperms.types.PgType.builtin("int4"), false, SqlFunction.Volatility.IMMUTABLE),
                new SqlFunction(QualifiedName.of("g"), List.of(), dev.hasuraperms.types.PgType.builtin("int4"), false)));
        String json = SchemaSnapshot.write(s);
        assertThat(json).contains("\"volatility\": \"immutable\"").doesNotContain("\"volatile\"");
        assertThat(SchemaSnapshot.read(json)).isEqualTo(s);
        assertThatThrownBy(() -> SchemaSnapshot.read(json.replace("\"immutable\"", "\"sometimes\"")))
                .isInstanceOf(dev.hasuraperms.diagnostic.DiagnosticException.class)
                .satisfies(x -> assertThat(((dev.hasuraperms.diagnostic.DiagnosticException) x).diagnostics())
                        .extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_VALUE));
    }

    @Test
    void theConfigurationIsCheckedWhenLoaded() {
        LoadResult r = MetadataLoader.defaults().tryLoadJson(Json.parseYaml("""
                version: 3
                sources:
                  - name: default
                    kind: postgres
                    functions:
                      - function: search_articles
                        configuration: {exposed_as: subscription, custom_name: "not a name"}
                """).toJson(), "metadata.json");
        assertThat(r.diagnostics()).extracting(Diagnostic::code)
                .containsExactlyInAnyOrder(DiagnosticCode.INVALID_VALUE, DiagnosticCode.INVALID_VALUE);
    }

    @Test
    void setFunctionCustomizationReplacesTheConfiguration() {
        Metadata m = MetadataLoader.defaults().loadJson("""
                [{"type": "pg_add_source", "args": {"name": "default", "configuration": {}}},
                 {"type": "pg_track_table", "args": {"table": "articles"}},
                 {"type": "pg_track_function", "args": {"function": "search_articles",
                   "configuration": {"exposed_as": "query"}}},
                 {"type": "pg_set_function_customization", "args": {"function": "search_articles",
                   "configuration": {"exposed_as": "mutation", "custom_name": "find"}}},
                 {"type": "pg_create_function_permission", "args": {"function": "search_articles", "role": "user"}},
                 {"type": "pg_drop_function_permission", "args": {"function": "search_articles", "role": "user"}}]
                """);
        var f = m.sources().get(0).functions().get(0);
        assertThat(f.settings().exposedAs()).hasValue(FunctionConfiguration.ExposedAs.MUTATION);
        assertThat(f.settings().customName()).hasValue("find");
        assertThat(f.permissions()).isEmpty();
        assertThat(Optional.of(f.function())).hasValue(SEARCH);
    }
}
