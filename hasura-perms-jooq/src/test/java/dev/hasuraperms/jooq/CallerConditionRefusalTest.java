package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binary-search leak of issue 16 and the null / column-comparison refusals of issue 18 through
 * {@link JooqPermissions#callerCondition} and {@link SecureDsl}, on the enforcement fixture (role user reads neither
 * {@code articles.body} nor {@code authors.is_active}).
 */
@PostgresTest
class CallerConditionRefusalTest {

    private static TestDatabase db;
    private static JooqPermissions permissions;
    private static final Table<?> A = table(name("public", "articles")).as("a");
    private static final Table<?> AUTHORS = table(name("public", "authors"));
    private static final Field<Integer> ID = field(name("a", "id"), Integer.class);
    private static final Session USER_2 = Session.of("user", Map.of("X-Hasura-User-Id", "2"));

    @BeforeAll
    static void schema(TestDatabase database) throws Exception {
        db = database;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
        try (Connection c = db.connection()) {
            permissions = JooqPermissions.of(PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow());
        }
    }

    private static List<Integer> ids(String where) throws Exception {
        Condition w = permissions.callerCondition(A, USER_2, Json.parse(where));
        try (Connection c = db.connection()) {
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            return SecureDsl.of(dsl, permissions).select(USER_2, A).fields(ID).where(w).orderBy(ID.asc()).fetch().getValues(ID);
        }
    }

    private static void refused(Table<?> table, String where, DiagnosticCode code) {
        assertThatThrownBy(() -> permissions.callerCondition(table, USER_2, Json.parse(where))).as(where)
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code()).as(where).isEqualTo(code));
    }

    @Test
    void aHiddenColumnCannotBeComparedWithThroughAnyOperatorOrPath() {
        for (String op : List.of("_clt", "_cgt", "_clte", "_cgte", "_ceq", "_cne")) {
            refused(A, "{\"title\": {\"" + op + "\": \"body\"}}", DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON);
            refused(AUTHORS, "{\"articles\": {\"title\": {\"" + op + "\": [\"$\", \"name\"]}}}",
                    DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON);
        }
        for (String op : List.of("_lt", "_gt", "_lte", "_gte", "_eq", "_neq", "_like", "_nilike", "_similar", "_iregex")) {
            refused(A, "{\"body\": {\"" + op + "\": \"m\"}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
            refused(AUTHORS, "{\"articles\": {\"_or\": [{\"body\": {\"" + op + "\": \"m\"}}]}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
        }
        refused(A, "{\"author\": {\"is_active\": {\"_eq\": false}}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
        refused(AUTHORS, "{\"articles_aggregate\": {\"count\": {\"arguments\": [\"body\"], \"predicate\": {\"_gt\": 0}}}}",
                DiagnosticCode.COLUMN_NOT_ALLOWED);
    }

    @Test
    void nullValuesAreRefusedAndIsNullMatchesNull() throws Exception {
        for (String where : List.of("{\"rating\": {\"_eq\": null}}", "{\"rating\": {\"_neq\": null}}",
                "{\"rating\": {\"_lte\": null}}", "{\"rating\": {\"_nin\": null}}", "{\"title\": {\"_ilike\": null}}",
                "{\"tags\": {\"_contains\": null}}", "{\"rating\": null}", "{\"_not\": null}", "{\"author\": null}")) {
            refused(A, where, DiagnosticCode.CALLER_FILTER_NULL_VALUE);
        }
        assertThat(ids("{\"rating\": {\"_is_null\": true}}")).containsExactly(3);
        assertThat(ids("{\"title\": {\"_lt\": \"bob e\"}}")).containsExactly(2, 3);
    }
}
