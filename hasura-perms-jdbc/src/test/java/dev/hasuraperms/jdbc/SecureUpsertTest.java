package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.EDITOR;
import static dev.hasuraperms.jdbc.SecureTesting.SERVICE;
import static dev.hasuraperms.jdbc.SecureTesting.count;
import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Upserts on the enforcement fixture: role user upserts on {@code articles_author_title_key}; its update permission
 * (filter: own articles; check: own and not spam; preset updated_by) governs the conflicting rows.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureUpsertTest {

    private static final OnConflict TITLE_BODY = OnConflict.onConstraint("articles_author_title_key", List.of("title", "body"));

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
    }

    @BeforeEach
    void data() {
        SecureTesting.resetData(db);
    }

    private static Map<String, Object> article(int author, String title, String body) {
        Map<String, Object> row = new HashMap<>();
        row.put("author_id", author);
        row.put("title", title);
        row.put("body", body);
        return row;
    }

    private Map<String, Object> articleRow(int id) {
        return db.query("SELECT author_id, title, body, created_by, updated_by FROM articles WHERE id = " + id).get(0);
    }

    @Test
    void aConflictingOwnRowIsUpdatedCountedAndGetsTheUpdatePreset() throws Exception {
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "ada draft", "rewritten"))
                    .values(article(1, "ada new", "fresh"))
                    .onConflict(TITLE_BODY).returning("id", "title").execute();
            assertThat(r.affectedRows()).isEqualTo(2);
            assertThat(r.returning()).extracting(m -> m.get("title")).containsExactly("ada draft", "ada new");
            assertThat(r.returning().get(0)).containsEntry("id", 1);
        }
        assertThat(articleRow(1)).containsEntry("body", "rewritten").containsEntry("updated_by", "1")
                .containsEntry("created_by", null);
        assertThat(db.query("SELECT body, created_by, updated_by FROM articles WHERE title = 'ada new'")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("body", "fresh").containsEntry("created_by", "1")
                .containsEntry("updated_by", null));
    }

    @Test
    void aConflictingRowOfAnotherAuthorIsNeitherUpdatedNorCounted() throws Exception {
        Map<String, Object> before = articleRow(3);
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(1), ARTICLES)
                    .values(article(2, "bob draft", "hijacked"))
                    .onConflict(TITLE_BODY).returning("id").execute();
            assertThat(r).isEqualTo(new WriteResult(0, List.of()));
        }
        assertThat(articleRow(3)).isEqualTo(before);
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void doNothingSkipsConflictingRowsAndWritesTheOthers() throws Exception {
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "ada draft", "ignored"))
                    .values(article(1, "ada other", "kept"))
                    .onConflict(OnConflict.onColumns(List.of("author_id", "title"), List.of()))
                    .returning("title").execute();
            assertThat(r.affectedRows()).isEqualTo(1);
            assertThat(r.returning()).containsExactly(Map.of("title", "ada other"));
        }
        assertThat(articleRow(1)).containsEntry("body", "x");
        assertThat(count(db, "articles")).isEqualTo(6);
    }

    @Test
    void theCallersConflictConditionNarrowsTheUpdate() throws Exception {
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "ada draft", "not applied"))
                    .onConflict(TITLE_BODY)
                    .onConflictWhere(SqlCondition.of("articles.body IS DISTINCT FROM ?", "x"))
                    .execute();
            assertThat(r.affectedRows()).isZero();
        }
        assertThat(articleRow(1)).containsEntry("body", "x").containsEntry("updated_by", null);
    }

    @Test
    void updatedRowsAreCheckedWithTheUpdateCheckAndInsertedRowsWithTheInsertCheck() throws Exception {
        OnConflict rating = OnConflict.onConstraint("articles_author_title_key", List.of("rating"));
        Map<String, Object> high = article(1, "ada draft", null);
        high.remove("body");
        high.put("rating", 9);
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, user(1), ARTICLES).values(high).onConflict(rating).execute().affectedRows())
                    .as("the update check does not bound the rating").isEqualTo(1);
            Map<String, Object> fresh = new HashMap<>(high);
            fresh.put("title", "ada fresh");
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(1), ARTICLES)
                    .values(fresh).onConflict(rating).execute());
            assertThat(e.operation()).isEqualTo(Operation.INSERT);
            assertThat(e.failures().get(0).explanation().orElseThrow().render()).contains("rating (9)");
        }
        assertThat(db.query("SELECT rating FROM articles WHERE id = 1")).containsExactly(Map.of("rating", 9));
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void anUpdatedRowFailingTheUpdateCheckRollsBackTheWholeUpsert() throws Exception {
        db.execute("UPDATE articles SET title = 'ada spam' WHERE id = 1");
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "ada new", "ok"))
                    .values(article(1, "ada spam", "more spam"))
                    .onConflict(TITLE_BODY).execute());
            assertThat(e.operation()).isEqualTo(Operation.UPDATE);
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.index()).isEqualTo(1);
                assertThat(f.row()).containsEntry("id", 1).containsEntry("body", "more spam");
                assertThat(f.explanation().orElseThrow().render()).contains("title ('ada spam') NOT ILIKE '%spam%'");
            });
        }
        assertThat(articleRow(1)).containsEntry("body", "x");
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void aRoleWithoutInsertPermissionCannotUpsert() {
        assertThatThrownBy(() -> secure.insert(noSql(), EDITOR, ARTICLES).values(article(1, "ada draft", "b"))
                .onConflict(OnConflict.onConstraint("articles_pkey", List.of("is_published"))).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no insert permission");
    }

    @Test
    void aRoleWithoutUpdatePermissionCannotUpsert() {
        assertThatThrownBy(() -> secure.insert(noSql(), SERVICE.withBackendOnlyPermissions(), ARTICLES)
                .values(article(1, "ada draft", "b")).onConflict(TITLE_BODY).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("upsert");
        assertThatThrownBy(() -> secure.insert(noSql(), SERVICE.withBackendOnlyPermissions(), ARTICLES)
                .values(article(1, "ada draft", "b")).onConflict(OnConflict.onConstraint("articles_pkey", List.of())).execute())
                .as("DO NOTHING too").isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void updateColumnsMustBeUpdatable() {
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(article(1, "t", "b"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("updated_by"))).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("updated_by");
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(article(1, "t", "b"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("author_id"))).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("author_id");
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(article(1, "t", "b"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of()))
                .onConflictWhere(SqlCondition.of("true")).execute())
                .isInstanceOf(IllegalStateException.class);
    }
}
