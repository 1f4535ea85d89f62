package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Permission filters as jOOQ conditions, on the hasura-events seed and a jsonb-heavy table, in embedded PostgreSQL. */
@PostgresTest
class JooqConditionTest {

    private static Connection connection;
    private static JooqPermissions permissions;
    private static final Session USER_2 = Session.of("user", Map.of("X-Hasura-User-Id", "2"));

    @BeforeAll
    static void seed(TestDatabase db) throws Exception {
        db.execute(Fixtures.read("hasura-events/sql/schema.sql"));
        db.execute(Fixtures.read("hasura-events/sql/seed.sql"));
        db.execute("""
                CREATE TABLE docs (id int PRIMARY KEY, owner_id int NOT NULL, body jsonb NOT NULL);
                INSERT INTO docs VALUES (1, 2, '{"public": true}'), (2, 2, '{"draft": true}'), (3, 3, '{"public": true}'),
                  (4, 2, '{"public": false, "draft": true}');
                """);
        connection = db.connection();
        String metadata = Fixtures.read("hasura-events/export/metadata.json").replace("\"tables\": [", """
                "tables": [{"table": {"schema": "public", "name": "docs"}, "select_permissions": [
                  {"role": "user", "permission": {"columns": "*", "filter": {"_and": [{"owner_id": {"_eq": "X-Hasura-User-Id"}},
                    {"body": {"_has_key": "public"}}]}}},
                  {"role": "any_key", "permission": {"columns": "*", "filter": {"body": {"_has_keys_any": ["draft", "nope"]}}}},
                  {"role": "all_keys", "permission": {"columns": "*", "filter": {"body": {"_has_keys_all": "X-Hasura-Keys"}}}}]},
                """);
        CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(metadata),
                JdbcSchemaReader.defaults().read(connection)).orThrow();
        permissions = JooqPermissions.of(checked);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static DSLContext dsl() {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    @Test
    void userTwoReadsOnlyTheirOwnEventsThroughAnAliasedTable() {
        Table<?> e = table(name("public", "events")).as("e");
        Condition c = permissions.selectCondition(e, USER_2);
        List<Integer> owners = dsl().select(field(name("e", "user_id"), Integer.class)).from(e).where(c).fetch().getValues(0, Integer.class);
        assertThat(owners).isNotEmpty().containsOnly(2);
        int all = dsl().fetchCount(table(name("public", "events")).as("e"), field(name("e", "user_id")).eq(2));
        assertThat(owners).hasSize(all);
        assertThat(dsl().renderNamedOrInlinedParams(c)).isEqualTo("(\"e\".\"user_id\" = 2::int4)");
    }

    @Test
    void theConditionNamesAnUnaliasedTableByItsQualifiedNameAndComposesWithTheHostsConditions() {
        Table<?> events = table(name("public", "events"));
        Condition c = permissions.selectCondition(events, USER_2).and(field(name("public", "events", "type")).eq("Golf"));
        Result rows = new Result(dsl().select(field(name("public", "events", "user_id")), field(name("public", "events", "type")))
                .from(events).where(c).fetch());
        assertThat(rows.records).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get(0, Integer.class)).isEqualTo(2);
            assertThat(r.get(1, String.class)).isEqualTo("Golf");
        });
        assertThat(dsl().render(permissions.selectCondition(events, USER_2)))
                .isEqualTo("(\"public\".\"events\".\"user_id\" = ?::int4)");
    }

    private record Result(List<Record> records) {
        Result(org.jooq.Result<? extends Record> r) {
            this(List.copyOf(r));
        }
    }

    @Test
    void jsonbQuestionMarkOperatorsRunPreparedAndInlined() {
        Table<?> docs = table(name("public", "docs")).as("d");
        Session anyKey = Session.of("any_key", Map.of());
        Session allKeys = Session.of("all_keys", Map.of("X-Hasura-Keys", "{public,draft}"));
        for (StatementType type : StatementType.values()) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withStatementType(type));
            assertThat(ids(dsl, docs, USER_2)).as(type.toString()).containsExactly(1, 4);
            assertThat(ids(dsl, docs, anyKey)).as(type.toString()).containsExactly(2, 4);
            assertThat(ids(dsl, docs, allKeys)).as(type.toString()).containsExactly(4);
        }
        assertThat(dsl().render(permissions.selectCondition(docs, anyKey))).contains("??|");
        assertThat(dsl().renderInlined(permissions.selectCondition(docs, anyKey))).contains(" ?| ").doesNotContain("??");
    }

    private static List<Integer> ids(DSLContext dsl, Table<?> docs, Session session) {
        return dsl.select(field(name("d", "id"), Integer.class)).from(docs).where(permissions.selectCondition(docs, session))
                .orderBy(field(name("d", "id"))).fetch().getValues(0, Integer.class);
    }

    @Test
    void hostileSessionValuesAreBoundOrRefusedAndNeverChangeTheSql() {
        Table<?> e = table(name("public", "events")).as("e");
        String sql = dsl().render(permissions.selectCondition(e, USER_2));
        for (String hostile : List.of("2; DROP TABLE events; --", "2' OR '1'='1", "\\", "2\u0000", "x".repeat(1 << 20))) {
            Session s = Session.of("user", Map.of("X-Hasura-User-Id", hostile));
            assertThatThrownBy(() -> permissions.selectCondition(e, s))
                    .isInstanceOf(dev.hasuraperms.session.InvalidSessionVariableException.class);
        }
        assertThat(dsl().render(permissions.selectCondition(e, Session.of("user", Map.of("X-Hasura-User-Id", " 7 "))))).isEqualTo(sql);
    }

    @Test
    void noPermissionOrAMissingSessionVariableFailsBeforeAnySql() {
        Table<?> users = table(name("public", "users"));
        assertThatThrownBy(() -> permissions.deleteCondition(table(name("public", "events")), USER_2))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> permissions.selectCondition(users, Session.of("user", Map.of())))
                .isInstanceOf(MissingSessionVariableException.class);
        assertThat(JooqPermissions.tableName(table(name("events")).as("x"))).isEqualTo(QualifiedName.of("events"));
        assertThatThrownBy(() -> JooqPermissions.tableName(users.join(table(name("public", "events"))).on(DSL.trueCondition())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inlinedRenderingEscapesValues() {
        Table<?> docs = table(name("public", "docs"));
        Session allKeys = Session.of("all_keys", Map.of("X-Hasura-Keys", "{\"it's\",\"a\\\\b\"}"));
        String inlined = dsl().renderInlined(permissions.selectCondition(docs, allKeys));
        assertThat(inlined).contains("'{\"it''s\",\"a\\\\b\"}'::text[]");
        assertThat(dsl().select(DSL.count()).from(docs).where(permissions.selectCondition(docs, allKeys))
                .getSQL(ParamType.INLINED)).isNotBlank();
        assertThat(DSL.using(connection, SQLDialect.POSTGRES, new Settings().withStatementType(StatementType.STATIC_STATEMENT))
                .fetchCount(docs, permissions.selectCondition(docs, allKeys))).isZero();
    }
}
