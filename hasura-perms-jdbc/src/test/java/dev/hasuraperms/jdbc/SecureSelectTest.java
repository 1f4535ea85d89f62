package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.EDITOR;
import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Enforced selects on the enforcement fixture (role user: published articles and its own; editor: everything). */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSelectTest {

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
        SecureTesting.resetData(db);
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("id")).toList();
    }

    @Test
    void rowsAreTheFilterAndTheCallersConditionWithEveryReadableColumnInTableOrder() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> all = secure.select(c, user(2), ARTICLES).orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(ids(all)).containsExactly(2, 3, 4, 5);
            assertThat(all.get(0).keySet()).containsExactly("id", "author_id", "title", "is_published", "rating", "tags");
            assertThat(ids(secure.select(c, user(2), ARTICLES).where(SqlCondition.of("articles.is_published = ?", false))
                    .fetchMaps())).as("user 2's own draft, not ada's").containsExactly(3);
            assertThat(ids(secure.select(c, user(2), ARTICLES).alias("a").where(SqlCondition.of("a.title LIKE ?", "ada%"))
                    .where(SqlCondition.of("a.rating > ?", 4)).fetchMaps())).containsExactly(2);
        }
    }

    @Test
    void onlyTheAskedColumnsAreReadInTheOrderAsked() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, user(1), ARTICLES).columns("title", "id").where(SqlCondition.of("articles.id = ?", 1))
                    .fetchMaps()).singleElement().satisfies(r -> assertThat(r.keySet()).containsExactly("title", "id"));
            assertThat(secure.select(c, EDITOR, ARTICLES).columns("body").orderBy(OrderBy.asc("id")).fetchMaps())
                    .extracting(r -> r.get("body")).containsExactly("x", "y", null, "z", "w");
        }
    }

    @Test
    void columnsTheRoleCannotReadAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> secure.select(noSql(), user(1), ARTICLES).columns("id", "body").fetchMaps())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> secure.select(noSql(), user(1), ARTICLES).orderBy(OrderBy.desc("created_at")).fetchMaps())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("created_at");
        assertThatThrownBy(() -> secure.select(noSql(), user(1), ARTICLES).orderBy(OrderBy.asc("nope")).statement())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("no such column");
        assertThatThrownBy(() -> secure.select(noSql(), Session.of("guest", Map.of()), ARTICLES).fetchMaps())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.select(noSql(), Session.of("user", Map.of()), ARTICLES).fetchMaps())
                .isInstanceOf(MissingSessionVariableException.class);
    }

    @Test
    void theLimitAppliesAfterTheCallersOrderingAndTheOffsetIsTheCallers() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> ordered = secure.select(c, EDITOR, ARTICLES)
                    .orderBy(OrderBy.desc("rating").nullsLast(), OrderBy.asc("id")).fetchMaps();
            assertThat(ids(ordered)).containsExactly(2, 4, 1, 5, 3);
            assertThat(ids(secure.select(c, EDITOR, ARTICLES).orderBy(OrderBy.desc("rating").nullsLast(), OrderBy.asc("id"))
                    .limit(2).fetchMaps())).containsExactly(2, 4);
            assertThat(ids(secure.select(c, EDITOR, ARTICLES).orderBy(OrderBy.desc("rating").nullsFirst(), OrderBy.asc("id"))
                    .limit(2).offset(1).fetchMaps())).containsExactly(2, 4);
            assertThat(ids(secure.select(c, EDITOR, ARTICLES).orderBy(OrderBy.asc("rating")).limit(0).fetchMaps())).isEmpty();
        }
    }

    @Test
    void theStatementCanBeRunByTheHostAndItsTextDoesNotDependOnTheSession() throws Exception {
        SqlStatement one = secure.select(noSql(), user(1), ARTICLES).alias("a").columns("id")
                .where(SqlCondition.of("a.rating >= ?", 3)).orderBy(OrderBy.asc("id")).limit(3).statement();
        SqlStatement two = secure.select(noSql(), user(2), ARTICLES).alias("a").columns("id")
                .where(SqlCondition.of("a.rating >= ?", 3)).orderBy(OrderBy.asc("id")).limit(3).statement();
        assertThat(one.sql()).isEqualTo(two.sql()).isEqualTo("SELECT \"a\".\"id\" FROM \"public\".\"articles\" AS \"a\""
                + " WHERE (((\"a\".\"is_published\" = ?::bool) OR (\"a\".\"author_id\" = ?::int4))) AND (a.rating >= ?)"
                + " ORDER BY \"a\".\"id\" ASC LIMIT ?");
        assertThat(one.values()).containsExactly(true, 1, 3, 3);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(two.sql())) {
            assertThat(two.bind(ps)).isEqualTo(5);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            assertThat(ids).containsExactly(2, 4);
        }
    }

    @Test
    void fetchMapsEveryRowWithTheCallersMapper() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, user(3), ARTICLES).columns("title").orderBy(OrderBy.asc("title"))
                    .fetch(rs -> rs.getString("title").toUpperCase()))
                    .containsExactly("ADA PUBLISHED", "BOB PUBLISHED", "CY PUBLISHED");
        }
    }

    @Test
    void aConditionCannotEscapeItsParentheses() {
        assertThatThrownBy(() -> SqlCondition.of("true) OR (true")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlCondition.of("true; DROP TABLE articles")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlCondition.of("a.title = 'x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlCondition.of("a.id = ?")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 placeholder and 0 values");
    }

    @Test
    void aConditionEndingInALineCommentStillClosesItsParentheses() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(ids(secure.select(c, user(2), ARTICLES).where(SqlCondition.of("articles.id = ? -- only one", 4))
                    .orderBy(OrderBy.asc("id")).fetchMaps())).containsExactly(4);
            assertThat(ids(secure.select(c, user(2), ARTICLES).where(SqlCondition.of("articles.title = ')' OR articles.id = ?", 1))
                    .fetchMaps())).as("ada's draft stays invisible").isEmpty();
        }
    }
}
