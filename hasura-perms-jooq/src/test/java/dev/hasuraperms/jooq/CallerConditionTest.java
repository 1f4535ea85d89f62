package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.PermissionChecker;
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

/** {@link JooqPermissions#callerCondition}: Hasura's client where, as JSON, as a jOOQ condition. */
@PostgresTest
class CallerConditionTest {

    private static TestDatabase db;
    private static JooqPermissions permissions;
    private static final Table<?> A = table(name("public", "articles")).as("a");
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
        try (Connection c = db.connection()) {
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            Condition w = permissions.callerCondition(A, USER_2, Json.parse(where));
            return SecureDsl.of(dsl, permissions).select(USER_2, A).fields(ID).where(w).orderBy(ID.asc()).fetch()
                    .getValues(ID);
        }
    }

    @Test
    void theConditionNamesTheRowsAsTheQueryDoesAndOnlyNarrows() throws Exception {
        assertThat(ids("{\"tags\": {\"_contains\": [\"java\"]}}")).containsExactly(4);
        assertThat(ids("{\"author\": {\"name\": {\"_in\": [\"ada\", \"cy\"]}}}")).containsExactly(2, 5);
        assertThat(ids("{\"author_id\": {\"_eq\": 1}}")).containsExactly(2);
        assertThat(DSL.using(SQLDialect.POSTGRES).render(permissions.callerCondition(A, USER_2,
                Json.parse("{\"rating\": {\"_gt\": 3}}")))).isEqualTo("(\"a\".\"rating\" > ?::int4)");
    }

    @Test
    void aColumnTheRoleMayNotReadIsRefused() {
        assertThatThrownBy(() -> permissions.callerCondition(A, USER_2, Json.parse("{\"created_by\": {\"_is_null\": true}}")))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class).hasMessageContaining("created_by");
    }
}
