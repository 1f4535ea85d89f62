package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jooq.ThreeWaySelect.Query;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Inherited roles (reference §6.2-§6.4) enforced on PostgreSQL by both backends, with the in-memory evaluator agreeing
 * row by row and cell by cell ({@link ThreeWaySelect}), over {@code fixtures/inherited-roles-db}: {@code user_anon =
 * [user, anonymous]} (the worked example of §6.4), {@code staff = [user_anon, manager]} (nested), {@code override =
 * [user, manager]} (an explicit permission on {@code users}).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InheritedRolesDatabaseTest {

    private static final QualifiedName USERS = QualifiedName.of("users");
    private static final QualifiedName NOTES = QualifiedName.of("notes");

    private TestDatabase db;
    private CheckResult result;
    private ThreeWaySelect three;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("inherited-roles-db/schema.sql"));
        db.execute(Fixtures.read("inherited-roles-db/data.sql"));
        result = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource()));
        three = new ThreeWaySelect(db, result.orThrow());
    }

    private static Session userAnon(int uid) {
        return Session.of("user_anon", Map.of("X-Hasura-User-Id", Integer.toString(uid)));
    }

    private static Session staff(int uid, String team) {
        return Session.of("staff", Map.of("X-Hasura-User-Id", Integer.toString(uid), "X-Hasura-Team", team));
    }

    private static Session override(int uid) {
        return Session.of("override", Map.of("X-Hasura-User-Id", Integer.toString(uid), "X-Hasura-Team", "red"));
    }

    private static List<Object> longs(Object... values) {
        return java.util.Arrays.stream(values).map(v -> v instanceof Integer i ? (Object) i.longValue() : v).toList();
    }

    // ------------------------------------------------------------------------------------------------ select

    @Test
    void theWorkedExampleReturnsEveryRowWithTheEmailOnlyOnTheCallersOwnRow() throws Exception {
        Query q = Query.of(userAnon(2), USERS).asc("id");
        List<Map<String, Object>> rows = three.rows(q);
        assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.keySet()).containsExactly("id", "name", "email"));
        assertThat(rows).extracting(r -> r.get("id")).isEqualTo(longs(1, 2, 3, 4));
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("ada", "bob", "cy", "dee");
        assertThat(rows).extracting(r -> r.get("email")).containsExactly(null, "bob@example.com", null, null);
        assertThat(three.column(Query.of(userAnon(2), USERS).desc("id"), "email"))
                .containsExactly(null, null, null, "bob@example.com");
        assertThat(three.column(Query.of(userAnon(5), USERS).desc("id").columns("email", "id"), "email"))
                .containsExactly("eve@example.com", null, null, null);
    }

    @Test
    void theCallersConditionComparesTheRedactedValue() throws Exception {
        assertThat(db.query("SELECT id FROM users WHERE email = 'ada@example.com'")).as("the raw column would match")
                .hasSize(1);
        assertThat(three.rows(Query.of(userAnon(2), USERS).where("email", "_eq", "ada@example.com"))).isEmpty();
        assertThat(three.column(Query.of(userAnon(2), USERS).where("email", "_eq", "bob@example.com"), "id"))
                .isEqualTo(longs(2));
        assertThat(three.column(Query.of(userAnon(2), USERS).where("email", "_is_null", true).asc("id"), "id"))
                .isEqualTo(longs(1, 3, 4, 5));
        assertThat(three.column(Query.of(userAnon(2), USERS).where("email", "_is_null", false).asc("id"), "id"))
                .isEqualTo(longs(2));
        assertThat(three.column(Query.of(userAnon(2), USERS).where("email", "_neq", "x").asc("id"), "id"))
                .as("NULL <> 'x' is not TRUE").isEqualTo(longs(2));
        assertThat(three.column(Query.of(userAnon(2), USERS).where("id", "_gt", 2).asc("id"), "id"))
                .as("a plain column").isEqualTo(longs(3, 4, 5));
    }

    /**
     * Issue 18: the caller's where as a client's JSON (CallerFilters, through JdbcPermissions.callerFilter and
     * JooqPermissions.callerCondition) and the ordering on redacted columns, aliased and not: on an unaliased table
     * SecureDsl wrote the filter for "public"."users", which PostgreSQL refused against the derived table
     * (42P01 invalid reference to FROM-clause entry).
     */
    @Test
    void theCallersWhereAndOrderingOnRedactedColumnsAgreeOnEveryPath() throws Exception {
        assertThat(three.column(Query.of(userAnon(2), USERS).where("email", "_is_null", false).desc("email"), "id"))
                .isEqualTo(longs(2));
        assertThat(three.column(Query.of(userAnon(3), USERS).where("email", "_is_null", true).desc("email").asc("id"),
                "id")).isEqualTo(longs(1, 2, 4, 5));
        assertThat(three.column(Query.of(userAnon(3), USERS).where("email", "_eq", "cy@example.com")
                .where("id", "_gt", 1).asc("email"), "id")).isEqualTo(longs(3));
        assertThat(three.column(Query.of(staff(1, "blue"), USERS).where("salary", "_gt", 0).desc("salary").asc("id"),
                "salary")).doesNotContainNull();
        Table<?> users = DSL.table(DSL.name("public", "users"));
        assertThat(three.jooq().select(userAnon(2), users).where(three.jooq().permissions().callerCondition(users,
                userAnon(2), dev.hasuraperms.json.Json.parse("{\"email\": {\"_eq\": \"ada@example.com\"}}")))
                .fetch()).as("another user's email is redacted, so it matches nothing (and runs)").isEmpty();
    }

    @Test
    void theOrderingSortsTheRedactedValues() throws Exception {
        assertThat(three.column(Query.of(userAnon(3), USERS).asc("email").asc("id"), "id"))
                .as("the one visible email first, then the NULLs").isEqualTo(longs(3, 1, 2, 4));
        assertThat(three.column(Query.of(userAnon(3), USERS).desc("email").asc("id"), "id"))
                .as("NULLs first when descending; row 3 falls beyond the limit").isEqualTo(longs(1, 2, 4, 5));
    }

    @Test
    void theLimitIsTheLargestAmongTheParentsThatDefineOne() throws Exception {
        CheckedPermissions p = result.orThrow();
        assertThat(p.select(USERS, "user_anon").orElseThrow().limit()).as("4 and none").contains(4);
        assertThat(p.select(USERS, "staff").orElseThrow().limit()).as("4 and 3").contains(4);
        assertThat(three.rows(Query.of(userAnon(1), USERS).asc("id").limit(10))).hasSize(4);
        assertThat(three.rows(Query.of(userAnon(1), USERS).asc("id").limit(2))).hasSize(2);
        assertThat(three.rows(Query.of(staff(1, "blue"), USERS).asc("id").limit(100))).hasSize(4);
    }

    @Test
    void aNestedInheritedRoleKeepsTheGrandparentsColumnRestrictions() throws Exception {
        List<Map<String, Object>> rows = three.rows(Query.of(staff(1, "blue"), USERS).asc("id"));
        assertThat(rows).extracting(r -> r.get("id")).isEqualTo(longs(1, 2, 3, 4));
        assertThat(rows).extracting(r -> r.get("email")).as("own row only (Hasura #10711 would show all four)")
                .containsExactly("ada@example.com", null, null, null);
        assertThat(rows).extracting(r -> r.get("salary")).as("the caller's team only").isEqualTo(longs(null, 200, null, 400));
        assertThat(three.column(Query.of(staff(1, "blue"), USERS).where("salary", "_gt", 100).asc("id"), "id"))
                .as("red salaries are NULL to the caller").isEqualTo(longs(2, 4));
        assertThat(three.column(Query.of(staff(1, "red"), USERS).desc("salary").asc("id"), "id"))
                .isEqualTo(longs(2, 4, 5, 3));
    }

    @Test
    void anExplicitPermissionOfTheInheritedRoleOverridesTheInheritedOne() throws Exception {
        assertThat(three.rows(Query.of(override(1), USERS).asc("id"))).containsExactly(Map.of("id", 5L));
        assertThatThrownBy(() -> three.jdbc(Query.of(override(1), USERS).columns("id", "email"), null))
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> three.jooq(Query.of(override(1), USERS).columns("id", "email"), true))
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("email");
        // On notes it inherits: user's rows (author_id = 2, every column) OR manager's (all rows; id and author_id).
        List<Map<String, Object>> notes = three.rows(Query.of(override(2), NOTES).asc("id"));
        assertThat(notes).extracting(r -> r.get("id")).isEqualTo(longs(1, 2, 3, 4));
        assertThat(notes).extracting(r -> r.get("body")).containsExactly(null, "b1", "b2", null);
        assertThat(three.column(Query.of(override(2), NOTES).where("body", "_lt", "c").asc("id"), "id"))
                .as("a1 is NULL to user 2").isEqualTo(longs(2, 3));
    }

    @Test
    void aParentWithoutThePermissionIsIgnored() throws Exception {
        // anonymous has no select on notes: user_anon reads notes exactly as user does, with no redaction.
        assertThat(result.orThrow().select(NOTES, "user_anon").orElseThrow().redactions()).isEmpty();
        List<Map<String, Object>> notes = three.rows(Query.of(userAnon(2), NOTES).asc("id"));
        assertThat(notes).extracting(r -> r.get("id")).isEqualTo(longs(2, 3));
        assertThat(notes).extracting(r -> r.get("body")).containsExactly("b1", "b2");
    }

    @Test
    void everyParentsSessionVariablesAreNeededBeforeAnySql() {
        Session noTeam = Session.of("staff", Map.of("X-Hasura-User-Id", "1"));
        assertThatThrownBy(() -> three.jdbc().select(noSql(), noTeam, USERS).fetchMaps())
                .isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> noSqlDsl().select(noTeam, DSL.table(DSL.name("public", "users"))).query())
                .isInstanceOf(MissingSessionVariableException.class);
    }

    @Test
    void theStatementIsPlainWithoutRedactionAndADerivedTableWithIt() {
        String plain = three.jdbc().select(noSql(), userAnon(2), NOTES).statement().sql();
        assertThat(plain).doesNotContain("CASE").startsWith("SELECT \"notes\".\"id\"").contains("FROM \"public\".\"notes\" AS \"notes\" WHERE");
        String redacted = three.jdbc().select(noSql(), userAnon(2), USERS).alias("u").statement().sql();
        assertThat(redacted).contains("FROM (SELECT \"u\".\"id\", \"u\".\"name\", CASE WHEN (\"u\".\"id\" = ?::int4) THEN "
                + "\"u\".\"email\" ELSE NULL END AS \"email\", \"u\".\"salary\", \"u\".\"team\" FROM \"public\".\"users\" AS \"u\" WHERE")
                .endsWith(") AS \"u\" LIMIT ?");
        assertThat(three.jdbc().select(noSql(), userAnon(2), USERS).statement().values()).as("uid bound, then the limit")
                .containsExactly(2, 4);
        String jooq = three.jooq().select(userAnon(2), DSL.table(DSL.name("public", "users")).as("u")).query().getSQL();
        assertThat(jooq).contains("case when (\"u\".\"id\" = ?::int4) then \"u\".\"email\" end as \"email\"")
                .contains(") as \"u\"");
        String jooqPlain = three.jooq().select(userAnon(2), DSL.table(DSL.name("public", "notes")).as("n")).query().getSQL();
        assertThat(jooqPlain).doesNotContain("case").contains("from \"public\".\"notes\" as \"n\" where");
    }

    @Test
    void postgresFlattensTheDerivedTable() throws Exception {
        var st = three.jdbc().select(noSql(), userAnon(2), USERS).alias("u")
                .where(SqlCondition.of("\"u\".\"email\" = ?", "bob@example.com")).statement();
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.connection(); var ps = c.prepareStatement("EXPLAIN (COSTS OFF) " + st.sql())) {
            st.bind(ps);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertThat(plan.toString()).as(plan.toString()).doesNotContain("Subquery Scan").contains("Seq Scan on users u")
                .contains("CASE WHEN");
    }

    @Test
    void anUnaliasedTablesSchemaQualifiedColumnDoesNotReachTheRawValue() {
        // Documented limit of SecureDsl with redaction: the derived table is named "users"; "public"."users"."email"
        // does not resolve against it, and PostgreSQL refuses the statement instead of reading the raw column.
        Table<?> users = DSL.table(DSL.name("public", "users"));
        assertThatThrownBy(() -> three.jooq().select(userAnon(2), users)
                .where(DSL.field(DSL.name("public", "users", "email"), String.class).eq("ada@example.com")).fetch())
                .isInstanceOf(org.jooq.exception.DataAccessException.class);
    }

    // --------------------------------------------------------------------------------------------- mutations

    @Test
    void mutationsOfASingleDefinerAreInheritedOnBothBackends() throws Exception {
        db.execute(Fixtures.read("inherited-roles-db/data.sql"));
        try (Connection c = db.connection()) {
            // users update: defined by user only → user_anon, staff (nested) and override inherit it.
            assertThat(three.jdbc().update(c, userAnon(2), USERS).set("name", "bobby").execute().affectedRows()).isEqualTo(1);
            assertThat(three.jdbc().update(c, staff(3, "blue"), USERS).set("name", "cyril")
                    .where(SqlCondition.of("users.id = ?", 4)).execute().affectedRows()).as("not the caller's row").isZero();
            Table<?> u = DSL.table(DSL.name("public", "users")).as("u");
            Field<String> name = DSL.field(DSL.name("u", "name"), String.class);
            assertThat(three.jooq().update(override(3), u).set(name, "cyril").execute().affectedRows()).isEqualTo(1);
            assertThat(db.query("SELECT name FROM users ORDER BY id")).extracting(r -> r.get("name"))
                    .containsExactly("ada", "bobby", "cyril", "dee", "eve");
            assertThatThrownBy(() -> three.jdbc().update(c, userAnon(2), USERS).set("name", "").execute())
                    .as("the inherited check").isInstanceOf(CheckViolationException.class);
            // notes insert: defined by user only among user_anon's parents → inherited with its check.
            assertThat(three.jdbc().insert(c, userAnon(2), NOTES).values(Map.of("id", 10, "author_id", 2, "body", "b3"))
                    .execute().affectedRows()).isEqualTo(1);
            CheckViolationException forged = org.assertj.core.api.Assertions.catchThrowableOfType(
                    CheckViolationException.class,
                    () -> three.jdbc().insert(c, userAnon(2), NOTES).values(Map.of("id", 11, "author_id", 1, "body", "forged"))
                            .execute());
            assertThat(forged.failures()).singleElement().satisfies(f -> assertThat(f.explanation()).as("the evaluator's")
                    .hasValueSatisfying(x -> assertThat(x.render()).contains("author_id (1)").contains("x-hasura-user-id (2)")));
            Table<?> n = DSL.table(DSL.name("public", "notes")).as("n");
            assertThatThrownBy(() -> three.jooq().insertInto(userAnon(2), n)
                    .values(Map.of("id", 12, "author_id", 3, "body", "forged")).execute())
                    .isInstanceOf(CheckViolationException.class);
            // notes delete: user and anonymous define it alike (relevantly equal, as Hasura defines it) → inherited.
            assertThat(three.jdbc().delete(c, userAnon(2), NOTES).execute().affectedRows()).isEqualTo(3);
            assertThat(three.jooq().deleteFrom(staff(1, "red"), n).execute().affectedRows()).isEqualTo(1);
            assertThat(db.query("SELECT id FROM notes ORDER BY id")).extracting(r -> r.get("id")).containsExactly(4);
        } finally {
            db.execute(Fixtures.read("inherited-roles-db/data.sql"));
        }
    }

    @Test
    void conflictingParentsGiveNoPermissionBeforeAnySqlAndAWarning() {
        assertThat(result.diagnostics()).filteredOn(d -> d.code() == DiagnosticCode.INHERITED_PERMISSION_CONFLICT)
                .extracting(Diagnostic::message).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("staff").contains("notes"))
                .anySatisfy(m -> assertThat(m).contains("override").contains("notes"));
        for (Session s : List.of(staff(2, "blue"), override(2))) {
            assertThatThrownBy(() -> three.jdbc().insert(noSql(), s, NOTES).values(Map.of("id", 20, "author_id", 2, "body", "x"))
                    .execute()).isInstanceOf(PermissionDeniedException.class)
                    .extracting(e -> ((PermissionDeniedException) e).code()).isEqualTo(DiagnosticCode.NO_PERMISSION);
            assertThatThrownBy(() -> noSqlDsl().insertInto(s, DSL.table(DSL.name("public", "notes")))
                    .values(Map.of("id", 20, "author_id", 2, "body", "x")).execute())
                    .isInstanceOf(PermissionDeniedException.class);
        }
    }

    @Test
    void aWriteRefusesToReturnARedactedColumnOnBothBackends() {
        assertThatThrownBy(() -> three.jdbc().update(noSql(), userAnon(2), USERS).set("name", "b").returning("id", "email")
                .execute()).isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("email");
        Table<?> u = DSL.table(DSL.name("public", "users")).as("u");
        assertThatThrownBy(() -> noSqlDsl().update(userAnon(2), u).set(Map.of("name", "b"))
                .returning(DSL.field(DSL.name("u", "email"))).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> noSqlDsl().update(userAnon(2), u).set(Map.of("name", "b")).returningReadable().execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("email");
    }

    // ------------------------------------------------------------------------------------------------ support

    private SecureDsl noSqlDsl() {
        return SecureDsl.of(DSL.using(SQLDialect.POSTGRES), three.jooq().permissions());
    }

    /** A connection on which any use fails the test: for what must be refused before any SQL. */
    private static Connection noSql() {
        return (Connection) Proxy.newProxyInstance(InheritedRolesDatabaseTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "no-sql connection";
                    }
                    throw new AssertionError("the connection was used (" + method.getName() + ")");
                });
    }
}
