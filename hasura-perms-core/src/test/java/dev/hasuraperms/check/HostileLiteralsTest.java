package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile numbers and strings in metadata literals, presets, limits and caller filters (issue 16): each is a
 * diagnostic or a typed refusal, quoted in a bounded message; none hangs or crashes. On fixtures/inherited-roles-db.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileLiteralsTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("inherited-roles-db/schema.json"));
    private static final QualifiedName USERS = QualifiedName.of("users");

    private static String metadata(String selectPermission, String updatePermission) {
        return "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": [{\"table\": "
                + "{\"schema\": \"public\", \"name\": \"users\"}, \"select_permissions\": [{\"role\": \"user\", "
                + "\"permission\": " + selectPermission + "}], \"update_permissions\": [{\"role\": \"user\", "
                + "\"permission\": " + updatePermission + "}]}]}]}";
    }

    private static final String SELECT = "{\"columns\": [\"id\", \"name\"], \"filter\": {}}";
    private static final String UPDATE = "{\"columns\": [\"name\"], \"filter\": {}}";

    private static List<Diagnostic> loadErrors(String json) {
        LoadResult r = MetadataLoader.defaults().tryLoadJson(json, "m.json");
        assertThat(r.isOk()).isFalse();
        return r.errors();
    }

    private static List<Diagnostic> checkErrors(String json) {
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().loadJson(json), SCHEMA);
        assertThat(r.isOk()).isFalse();
        return r.errors();
    }

    @Test
    void aHugeNegativeLimitIsNegativeAndQuotedShort() {
        List<Diagnostic> errors = loadErrors(metadata(
                "{\"columns\": [\"id\"], \"filter\": {}, \"limit\": -1e999999999}", UPDATE));
        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.NEGATIVE_LIMIT);
            assertThat(d.message()).contains("-1E+999999999").hasSizeLessThan(200);
        });
    }

    @Test
    void hugeAndOutOfRangeLimitsAreInvalid() {
        assertThat(loadErrors(metadata("{\"columns\": [\"id\"], \"filter\": {}, \"limit\": 1e999999999}", UPDATE)))
                .singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_VALUE));
        assertThat(loadErrors(metadata("{\"columns\": [\"id\"], \"filter\": {}, \"limit\": 1e-2147483648}", UPDATE)))
                .singleElement().satisfies(d -> {
                    assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_VALUE);
                    assertThat(d.message()).contains("out of range");
                });
    }

    @Test
    void hugeFilterLiteralsAreALiteralTypeMismatch() {
        for (String n : new String[] {"1e100000000", "1e999999999", "-1e999999999", "1e-1000000000"}) {
            List<Diagnostic> errors = checkErrors(metadata(
                    "{\"columns\": [\"id\"], \"filter\": {\"id\": {\"_eq\": " + n + "}}}", UPDATE));
            assertThat(errors).as(n).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH);
                assertThat(d.message()).hasSizeLessThan(200);
            });
        }
    }

    @Test
    void loneSurrogatesInLiteralsAndPresetsAreALiteralTypeMismatch() {
        assertThat(checkErrors(metadata("{\"columns\": [\"id\"], \"filter\": {\"name\": {\"_eq\": \"a\\ud800\"}}}", UPDATE)))
                .singleElement().satisfies(d -> {
                    assertThat(d.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH);
                    assertThat(d.message()).contains("lone UTF-16 surrogate");
                });
        assertThat(checkErrors(metadata(SELECT, "{\"columns\": [\"name\"], \"filter\": {}, \"set\": {\"name\": \"\\udc00\"}}")))
                .singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH));
    }

    // ------------------------------------------------------------------------------------------------ caller filters

    private static final CheckedPermissions P = PermissionChecker.check(
            MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")), SCHEMA).orThrow();

    @Test
    void callerFiltersWithHugeNumbersAreRefused() {
        for (String n : new String[] {"1e100000000", "1e999999999", "-1e999999999"}) {
            assertThatThrownBy(() -> CallerFilters.compile(P, USERS, "user",
                    Json.parse("{\"id\": {\"_gt\": " + n + "}}"))).as(n)
                    .isInstanceOfSatisfying(CallerFilters.InvalidCallerFilterException.class,
                            e -> assertThat(e.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH));
        }
        assertThatThrownBy(() -> CallerFilters.compile(P, USERS, "user",
                Json.parse("{\"id\": {\"_in\": [1, 1e100000000]}}")))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class);
    }

    @Test
    void callerFiltersWithExponentsOutOfRangeFailToParse() {
        assertThatThrownBy(() -> Json.parse("{\"id\": {\"_gt\": 1e-2147483648}}"))
                .isInstanceOfSatisfying(DiagnosticException.class, e -> assertThat(e.diagnostics())
                        .singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.INVALID_VALUE)));
    }

    @Test
    void callerFiltersWithLoneSurrogatesAreRefused() {
        assertThatThrownBy(() -> CallerFilters.compile(P, USERS, "user",
                Json.parse("{\"name\": {\"_eq\": \"\\ud800\"}}")))
                .isInstanceOfSatisfying(CallerFilters.InvalidCallerFilterException.class,
                        e -> assertThat(e.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH));
    }

    // ------------------------------------------------------------------------------------ the session as JSON

    @Test
    void aSessionArgumentWithALoneSurrogateIsAnInvalidSessionVariable() {
        String yaml = """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: authors
                        computed_fields:
                          - name: session_rank
                            definition: {function: author_session_rank, session_argument: hasura_session}
                        select_permissions:
                          - role: r
                            permission: {columns: "*", filter: {session_rank: {_gte: 3}}}
                """;
        CheckedPermissions p = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson()),
                CheckFixturesTest.schema()).orThrow();
        dev.hasuraperms.internal.sql.SqlTemplate t = dev.hasuraperms.internal.sql.SqlRenderer.render(
                p.select(QualifiedName.of("authors"), "r").orElseThrow().filter());
        Object[] ok = t.bind(dev.hasuraperms.session.Session.of("r", java.util.Map.of("x-hasura-name", "ada \ud83d\ude00")));
        assertThat(ok).hasAtLeastOneElementOfType(dev.hasuraperms.json.JsonObject.class);
        assertThatThrownBy(() -> t.bind(dev.hasuraperms.session.Session.of("r", java.util.Map.of("x-hasura-name", "ada \ud800"))))
                .isInstanceOfSatisfying(dev.hasuraperms.session.InvalidSessionVariableException.class,
                        e -> assertThat(e.getMessage()).contains("x-hasura-name").contains("lone UTF-16 surrogate"));
    }
}
