package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.AUTHORS;
import static dev.hasuraperms.jdbc.SecureTesting.EDITOR;
import static dev.hasuraperms.jdbc.SecureTesting.count;
import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Enforced updates and deletes on the enforcement fixture. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureUpdateDeleteTest {

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

    private List<Map<String, Object>> articles() {
        return db.query("SELECT id, title, body, updated_by FROM articles ORDER BY id");
    }

    @Test
    void anUpdateChangesOnlyRowsInsideTheFilterCountsThemAndForcesThePreset() throws Exception {
        List<Map<String, Object>> before = articles();
        try (Connection c = db.connection()) {
            WriteResult r = secure.update(c, user(2), ARTICLES).set("body", "edited").returning("id", "title").execute();
            assertThat(r.affectedRows()).isEqualTo(2);
            assertThat(r.returning()).extracting(m -> m.get("id")).containsExactlyInAnyOrder(3, 4);
        }
        List<Map<String, Object>> after = articles();
        for (int i = 0; i < 5; i++) {
            int id = (Integer) after.get(i).get("id");
            if (id == 3 || id == 4) {
                assertThat(after.get(i)).containsEntry("body", "edited").containsEntry("updated_by", "2");
            } else {
                assertThat(after.get(i)).isEqualTo(before.get(i));
            }
        }
    }

    /**
     * Issue 18: like Hasura (update/permissions/user_update_resident_preset_session_var.yaml), an update that sets no
     * column sets the permission's presets; with no presets either, no statement runs and 0 rows are updated
     * (Hasura's updateVariantIsEmpty), after the permission and the session variables of its filter are checked.
     */
    @Test
    void anUpdateWithoutColumnsSetsOnlyThePresetsAndWithoutPresetsRunsNothing() throws Exception {
        List<Map<String, Object>> before = articles();
        try (Connection c = db.connection()) {
            WriteResult r = secure.update(c, user(2), ARTICLES).returning("id").execute();
            assertThat(r.affectedRows()).isEqualTo(2);
            assertThat(r.returning()).extracting(m -> m.get("id")).containsExactlyInAnyOrder(3, 4);
            List<Map<String, Object>> authors = db.query("SELECT * FROM authors ORDER BY id");
            WriteResult none = secure.update(c, user(2), AUTHORS).returning("id").execute();
            assertThat(none.affectedRows()).isZero();
            assertThat(none.returning()).isEmpty();
            assertThat(db.query("SELECT * FROM authors ORDER BY id")).isEqualTo(authors);
            assertThatThrownBy(() -> secure.update(c, dev.hasuraperms.session.Session.of("user", Map.of()), AUTHORS).execute())
                    .isInstanceOf(dev.hasuraperms.session.MissingSessionVariableException.class);
            assertThatThrownBy(() -> secure.update(c, dev.hasuraperms.session.Session.of("editor", Map.of()), AUTHORS).execute())
                    .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class);
        }
        List<Map<String, Object>> after = articles();
        for (int i = 0; i < 5; i++) {
            int id = (Integer) after.get(i).get("id");
            Map<String, Object> expected = new java.util.HashMap<>(before.get(i));
            if (id == 3 || id == 4) {
                expected.put("updated_by", "2");
            }
            assertThat(after.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void theCallersConditionIsAndedWithTheFilter() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.update(c, user(1), ARTICLES).alias("a").set("rating", 1)
                    .where(SqlCondition.of("a.id = ?", 2)).execute().affectedRows()).isEqualTo(1);
            assertThat(secure.update(c, user(1), ARTICLES).alias("a").set("rating", 1)
                    .where(SqlCondition.of("a.id = ?", 3)).execute().affectedRows())
                    .as("bob's article is outside user 1's filter").isZero();
        }
        assertThat(db.query("SELECT id FROM articles WHERE rating = 1 ORDER BY id"))
                .containsExactly(Map.of("id", 2), Map.of("id", 5));
    }

    @Test
    void anUpdateThatMovesARowOutOfItsCheckFailsAndLeavesTheRowUnchanged() throws Exception {
        List<Map<String, Object>> before = articles();
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.update(c, user(1), ARTICLES)
                    .set("title", "buy cheap SPAM now").where(SqlCondition.of("articles.id = ?", 1)).execute());
            assertThat(e.operation()).isEqualTo(Operation.UPDATE);
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.row()).containsEntry("id", 1).containsEntry("title", "buy cheap SPAM now")
                        .containsEntry("updated_by", "1");
                assertThat(f.explanation().orElseThrow().render()).contains("NOT ILIKE '%spam%'");
            });
            assertThat(e.getMessage()).contains("check constraint of an update permission has failed");
        }
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void oneFailingRowRollsBackTheRowsThatPassed() throws Exception {
        db.execute("UPDATE articles SET title = 'ada spam' WHERE id = 2");
        List<Map<String, Object>> before = articles();
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> secure.update(c, user(1), ARTICLES).set("body", "b").execute())
                    .isInstanceOf(CheckViolationException.class);
        }
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void settingAPresetOrANonUpdatableColumnIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> secure.update(noSql(), user(1), ARTICLES).set("updated_by", "2").execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("updated_by")
                .hasMessageContaining("presets it");
        assertThatThrownBy(() -> secure.update(noSql(), user(1), ARTICLES).set("author_id", 2).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("author_id");
        assertThatThrownBy(() -> secure.update(noSql(), EDITOR, ARTICLES).set("title", "x").execute())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.update(noSql(), user(1), ARTICLES).set("rating", "high").execute())
                .isInstanceOf(InvalidColumnValueException.class);
        assertThatThrownBy(() -> secure.update(noSql(), user(1), ARTICLES).set("title", "x").returning("body").execute())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.update(noSql(), user(1), ARTICLES).set("title", "x").alias("_hp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void anUpdateWithoutACheckNeedsNoReturning() throws Exception {
        SecureTesting.Recording recording;
        try (Connection c = db.connection()) {
            recording = new SecureTesting.Recording(c);
            assertThat(secure.update(recording.connection, EDITOR, ARTICLES).set("is_published", true).execute())
                    .isEqualTo(new WriteResult(5, List.of()));
        }
        assertThat(recording.sql).singleElement().satisfies(s -> assertThat(s)
                .isEqualTo("UPDATE \"public\".\"articles\" AS \"articles\" SET \"is_published\" = ?::bool WHERE (TRUE)"));
        assertThat(count(db, "articles WHERE is_published")).isEqualTo(5);
    }

    @Test
    void aUserRenamesOnlyItselfAndNeverToTheEmptyString() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.update(c, user(2), AUTHORS).set("name", "robert").execute().affectedRows()).isEqualTo(1);
            assertThatThrownBy(() -> secure.update(c, user(2), AUTHORS).set("name", "").execute())
                    .isInstanceOf(CheckViolationException.class);
        }
        assertThat(db.query("SELECT name FROM authors ORDER BY id")).extracting(m -> m.get("name"))
                .containsExactly("ada", "robert", "cy", "dormant");
    }

    @Test
    void aUserDeletesOnlyItsOwnUnpublishedArticles() throws Exception {
        try (Connection c = db.connection()) {
            WriteResult r = secure.delete(c, user(1), ARTICLES).returning("id", "title").execute();
            assertThat(r.affectedRows()).isEqualTo(1);
            assertThat(r.returning()).containsExactly(Map.of("id", 1, "title", "ada draft"));
        }
        assertThat(db.query("SELECT id FROM articles ORDER BY id")).extracting(m -> m.get("id")).containsExactly(2, 3, 4, 5);
    }

    @Test
    void aDeleteAndsTheCallersConditionWithTheFilter() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.delete(c, user(2), ARTICLES).alias("a").where(SqlCondition.of("a.title LIKE ?", "%published"))
                    .execute().affectedRows()).as("bob's published article is outside the filter").isZero();
            assertThat(secure.delete(c, user(2), ARTICLES).alias("a").where(SqlCondition.of("a.title LIKE ?", "bob%"))
                    .execute().affectedRows()).isEqualTo(1);
        }
        assertThat(db.query("SELECT id FROM articles ORDER BY id")).extracting(m -> m.get("id")).containsExactly(1, 2, 4, 5);
    }

    @Test
    void deletingWithoutADeletePermissionIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> secure.delete(noSql(), EDITOR, ARTICLES).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no delete permission");
        assertThatThrownBy(() -> secure.delete(noSql(), user(1), AUTHORS).execute())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.delete(noSql(), user(1), ARTICLES).returning("body").execute())
                .isInstanceOf(ColumnNotAllowedException.class);
    }
}
