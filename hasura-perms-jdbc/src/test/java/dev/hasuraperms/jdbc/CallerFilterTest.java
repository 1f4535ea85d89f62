package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.AUTHORS;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link JdbcPermissions#callerFilter}: Hasura's client where, as JSON, in the enforced statements. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerFilterTest {

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
        SecureTesting.resetData(db);
    }

    private List<Object> ids(Session session, String alias, String where) throws Exception {
        try (Connection c = db.connection()) {
            SqlCondition w = secure.permissions().callerFilter(ARTICLES, alias, session, Json.parse(where));
            return secure.select(c, session, ARTICLES).alias(alias).columns("id").where(w).orderBy(OrderBy.asc("id"))
                    .fetchMaps().stream().map(r -> r.get("id")).toList();
        }
    }

    @Test
    void valuesAreBoundAsTheirColumnsTypesAndTheFilterOnlyNarrows() throws Exception {
        assertThat(ids(user(2), "a", "{\"tags\": {\"_contains\": [\"java\"]}}")).containsExactly(4);
        assertThat(ids(user(2), "articles", "{\"rating\": {\"_gte\": 4}, \"title\": {\"_like\": \"%published\"}}"))
                .containsExactly(2, 4);
        assertThat(ids(user(2), "a", "{\"author_id\": {\"_eq\": 1}}")).as("ada's draft stays hidden").containsExactly(2);
        assertThat(ids(user(2), "a", "{\"title\": {\"_eq\": \"X-Hasura-User-Id\"}}")).isEmpty();
    }

    @Test
    void aRelationshipSeesTheTargetsSelectFilterAndTheStatementShowsCastBinds() throws Exception {
        assertThat(ids(user(2), "a", "{\"author\": {\"name\": {\"_in\": [\"ada\", \"cy\"]}}}")).containsExactly(2, 5);
        SqlCondition c = secure.permissions().callerFilter(ARTICLES, "a", user(2), Json.parse("{\"rating\": {\"_gt\": 3}}"));
        assertThat(c.sql()).isEqualTo("(\"a\".\"rating\" > ?::int4)");
        assertThat(c.values()).containsExactly(3);
        try (Connection conn = db.connection()) {
            int n = secure.update(conn, user(2), ARTICLES).set(Map.of("rating", 1))
                    .where(secure.permissions().callerFilter(ARTICLES, "articles", user(2), Json.parse("{\"id\": {\"_eq\": 2}}")))
                    .execute().affectedRows();
            assertThat(n).as("article 2 is ada's: readable, not updatable by user 2").isZero();
        }
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> secure.permissions().callerFilter(ARTICLES, "a", user(2), Json.parse("{\"body\": {\"_eq\": \"x\"}}")))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code())
                        .isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED));
        assertThatThrownBy(() -> secure.permissions().callerFilter(AUTHORS, "a", Session.of("service", Map.of()),
                Json.parse("{}"))).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.permissions().callerFilter(ARTICLES, "_hp0", user(2), Json.parse("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
