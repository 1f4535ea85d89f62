package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.NativeQueryArgumentException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link SecureJdbc#nativeQuery}: a native query's rows under its logical model's select permission
 * (fixtures/native-query-run), arguments bound as typed parameters. The same reads through jOOQ are compared in
 * hasura-perms-jooq's {@code SecureNativeQueryJooqTest}.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureNativeQueryTest {

    private TestDatabase db;
    private CheckedPermissions checked;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("native-query-run/schema.sql"));
        checked = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("native-query-run/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow();
        secure = SecureJdbc.of(checked);
    }

    private List<Object> ids(Session session, String name, Map<String, ?> args) throws Exception {
        try (Connection c = db.connection()) {
            return secure.nativeQuery(c, session, name, args).columns("id").orderBy(OrderBy.asc("id")).fetchMaps()
                    .stream().map(r -> r.get("id")).toList();
        }
    }

    @Test
    void theFilterWithSessionVariablesAppliesToTheRowsOfTheCode() throws Exception {
        Session reader = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "us"));
        assertThat(ids(reader, "articles_after", Map.of("min_id", 10))).containsExactly(15);
        Session readerUk = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk"));
        assertThat(ids(readerUk, "articles_after", Map.of("min_id", 10))).containsExactly(12, 13, 15);
        // the argument as text, read as the argument's type
        assertThat(ids(readerUk, "articles_after", Map.of("min_id", "12"))).containsExactly(13, 15);
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "3"));
        assertThat(ids(author, "articles_after", Map.of("min_id", 0))).containsExactly(10, 12, 14, 15);
    }

    @Test
    void theStatementBindsTheArgumentCastToItsTypeAndTheSessionValues() {
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "3"));
        SqlStatement st = secure.nativeQuery(SecureTesting.noSql(), author, "articles_after", Map.of("min_id", 10))
                .alias("nq").columns("id", "title").statement();
        assertThat(st.sql()).startsWith("SELECT \"nq\".\"id\", \"nq\".\"title\" FROM (SELECT p.id")
                .contains("WHERE p.id > (?::int4)\n) AS \"nq\" WHERE (").doesNotContain("10").doesNotContain("= 3");
        assertThat(st.values()).startsWith(10);
        assertThat(st.values()).contains(3);
    }

    @Test
    void anInjectionAttemptInAnArgumentIsAValue() throws Exception {
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "1"));
        String attack = "x' OR 1=1; DROP TABLE posts; --";
        assertThat(ids(author, "articles_titled", Map.of("title", attack))).isEmpty();
        SqlStatement st = secure.nativeQuery(SecureTesting.noSql(), author, "articles_titled", Map.of("title", attack))
                .statement();
        assertThat(st.sql()).doesNotContain("DROP").contains("WHERE (?::text) IS NULL OR p.title = (?::text) \n)");
        assertThat(st.values()).startsWith(attack, attack);
        // the table is still there, and a real title matches
        assertThat(ids(author, "articles_titled", Map.of("title", "a2"))).containsExactly(11);
        assertThat(db.query("SELECT count(*) AS n FROM posts")).extracting(r -> r.get("n")).containsExactly(6L);
    }

    @Test
    void aNullableArgumentMayBeLeftOutOrNullAndTheQuestionMarkInTheCodeIsNoParameter() throws Exception {
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "1"));
        assertThat(ids(author, "articles_titled", Map.of())).containsExactly(10, 11, 12);
        Map<String, Object> nullTitle = new HashMap<>();
        nullTitle.put("title", null);
        assertThat(ids(author, "articles_titled", nullTitle)).containsExactly(10, 11, 12);
        assertThat(ids(author, "articles_titled", Map.of("title", Json.parse("null")))).containsExactly(10, 11, 12);
    }

    @Test
    void missingUnknownNullAndIllTypedArgumentsAreRefusedBeforeAnySql() {
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "1"));
        Connection none = SecureTesting.noSql();
        assertThatThrownBy(() -> secure.nativeQuery(none, author, "articles_after", Map.of()).fetchMaps())
                .isInstanceOf(NativeQueryArgumentException.class).hasMessageContaining("min_id")
                .hasMessageContaining("missing")
                .satisfies(e -> assertThat(((NativeQueryArgumentException) e).code())
                        .isEqualTo(DiagnosticCode.NATIVE_QUERY_ARGUMENT));
        Map<String, Object> nullMin = new HashMap<>();
        nullMin.put("min_id", null);
        assertThatThrownBy(() -> secure.nativeQuery(none, author, "articles_after", nullMin).fetchMaps())
                .isInstanceOf(NativeQueryArgumentException.class).hasMessageContaining("non-nullable");
        // the example of docs/diagnostics.md
        assertThatThrownBy(() -> secure.nativeQuery(none, author, "articles_after", Map.of("min_id", "ten")).fetchMaps())
                .isInstanceOf(NativeQueryArgumentException.class).hasMessage("native query articles_after, argument"
                        + " min_id: not a valid integer: invalid input syntax for type integer: \"ten\"");
        assertThatThrownBy(() -> secure.nativeQuery(none, author, "articles_after", Map.of("min_id", "1 OR 1=1"))
                .fetchMaps()).isInstanceOf(NativeQueryArgumentException.class);
        assertThatThrownBy(() -> secure.nativeQuery(none, author, "articles_after", Map.of("min_id", 1, "max_id", 2))
                .fetchMaps()).isInstanceOf(NativeQueryArgumentException.class).hasMessageContaining("max_id")
                .hasMessageContaining("not an argument");
    }

    @Test
    void fieldsLimitAndPermissionsAreEnforced() throws Exception {
        Session reader = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk"));
        Connection none = SecureTesting.noSql();
        assertThatThrownBy(() -> secure.nativeQuery(none, reader, "articles_after", Map.of("min_id", 1))
                .columns("id", "author_id").statement()).isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("author_id");
        assertThatThrownBy(() -> secure.nativeQuery(none, reader, "articles_after", Map.of("min_id", 1))
                .orderBy(OrderBy.asc("is_published")).statement()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.nativeQuery(none, Session.of("nobody", Map.of()), "articles_after",
                Map.of("min_id", 1)).statement()).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.nativeQuery(none, reader, "no_such_query", Map.of()).statement())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no_such_query");
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.nativeQuery(c, reader, "articles_after", Map.of("min_id", 1))
                    .orderBy(OrderBy.desc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.keySet().stream().toList())
                    .allSatisfy(k -> assertThat(k).containsExactly("id", "title", "author"));
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(15, 13, 12);
            // the permission's limit (2) wins over a larger one; the caller's where narrows
            Session limited = Session.of("limited", Map.of());
            assertThat(secure.nativeQuery(c, limited, "articles_after", Map.of("min_id", 0)).limit(5)
                    .orderBy(OrderBy.asc("id")).fetchMaps()).extracting(r -> r.get("id")).containsExactly(10, 11);
            assertThat(secure.nativeQuery(c, limited, "articles_after", Map.of("min_id", 0)).alias("a")
                    .where(SqlCondition.of("a.title LIKE ?", "c%")).orderBy(OrderBy.asc("id")).fetchMaps())
                    .extracting(r -> r.get("id")).containsExactly(14, 15);
        }
    }

    @Test
    void anInheritedRoleReadsItsParentsFieldsRedactedWhereOnlyTheOtherParentGrantsThem() throws Exception {
        Session both = Session.of("reader_author", Map.of("X-Hasura-Hidden-Country", "uk", "X-Hasura-User-Id", "3"));
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.nativeQuery(c, both, "articles_after", Map.of("min_id", 10))
                    .columns("id", "author_id").orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(12, 13, 14, 15);
            // author_id is the author's only: visible where the author's filter holds (own rows or tagged x)
            assertThat(rows).extracting(r -> r.get("author_id")).containsExactly(2, null, 3, 3);
        }
    }

    @Test
    void aTrustedAdminReadsEveryFieldOfEveryRow() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.nativeQuery(c, Session.admin(), "articles_after",
                    Map.of("min_id", 12)).orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(13, 14, 15);
            assertThat(rows.get(0)).containsOnlyKeys("id", "title", "author_id", "is_published", "tags", "author");
        }
    }

    @Test
    void theLiveCheckAcceptsTheFixture() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(NativeQueryChecks.check(c, checked)).isEmpty();
        }
    }
}
