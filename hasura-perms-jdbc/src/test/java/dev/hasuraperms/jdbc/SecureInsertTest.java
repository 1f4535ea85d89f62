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
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Enforced inserts on the enforcement fixture (role user: own articles of an active author, rating at most 5). */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureInsertTest {

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

    private static Map<String, Object> article(int author, String title) {
        Map<String, Object> row = new HashMap<>();
        row.put("author_id", author);
        row.put("title", title);
        return row;
    }

    @Test
    void anInsertWithinTheCheckWritesTheRowWithThePresetFromTheSession() throws Exception {
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(1), ARTICLES)
                    .values(Map.of("author_id", 1, "title", "new", "rating", 4, "tags", List.of("a", "b")))
                    .returning("id", "author_id", "title", "rating")
                    .execute();
            assertThat(r.affectedRows()).isEqualTo(1);
            assertThat(r.returning()).singleElement().satisfies(row -> {
                assertThat(row).containsOnlyKeys("id", "author_id", "title", "rating");
                assertThat(row).containsEntry("id", 6).containsEntry("author_id", 1).containsEntry("title", "new")
                        .containsEntry("rating", 4);
            });
            assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
        }
        assertThat(db.query("SELECT created_by, tags::text AS tags, is_published FROM articles WHERE id = 6"))
                .containsExactly(Map.of("created_by", "1", "tags", "{a,b}", "is_published", false));
    }

    @Test
    void aFailingCheckLeavesZeroRowsChangedAndNamesTheRowWithTheFailingComparison() throws Exception {
        int before = count(db, "articles");
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "mine"))
                    .values(article(2, "posing as bob"))
                    .execute());
            assertThat(e).isNotNull();
            assertThat(e.operation()).isEqualTo(Operation.INSERT);
            assertThat(e.role()).isEqualTo("user");
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.index()).isEqualTo(1);
                assertThat(f.row()).containsEntry("title", "posing as bob").containsEntry("author_id", 2)
                        .containsEntry("created_by", "1");
                assertThat(f.explanation()).isPresent();
                assertThat(f.explanation().get().render()).contains("author_id (2)").contains("x-hasura-user-id (1)");
            });
            assertThat(e.getMessage()).contains("check constraint of an insert permission has failed")
                    .contains("posing as bob");
        }
        assertThat(count(db, "articles")).isEqualTo(before);
        assertThat(db.query("SELECT count(*)::int AS n FROM articles WHERE title = 'mine'").get(0).get("n")).isEqualTo(0);
    }

    @Test
    void anInactiveAuthorFailsTheCheckThroughTheRelationship() throws Exception {
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(4), ARTICLES)
                    .values(article(4, "from the grave")).execute());
            assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.explanation().orElseThrow().render())
                    .contains("is_active (false)"));
        }
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void aRatingAboveTheCheckFailsAndANullRatingPasses() throws Exception {
        try (Connection c = db.connection()) {
            Map<String, Object> nullRating = article(1, "unrated");
            nullRating.put("rating", null);
            assertThat(secure.insert(c, user(1), ARTICLES).values(nullRating).execute().affectedRows()).isEqualTo(1);

            Map<String, Object> seven = article(1, "seven");
            seven.put("rating", 7);
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(1), ARTICLES).values(seven).execute());
            assertThat(e.failures().get(0).explanation().orElseThrow().render()).contains("rating (7)");
        }
        assertThat(db.query("SELECT title, rating FROM articles WHERE id > 5"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("title", "unrated").containsEntry("rating", null));
    }

    @Test
    void givingAPresetColumnIsRefusedBeforeAnySql() {
        Map<String, Object> row = article(1, "x");
        row.put("created_by", "someone else");
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(row).execute())
                .isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("created_by").hasMessageContaining("presets it (from x-hasura-user-id)");
    }

    @Test
    void refusalsComeBeforeAnySql() {
        Map<String, Object> withId = article(1, "x");
        withId.put("id", 99);
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(withId).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(Map.of("author_id", "one", "title", "x")).execute())
                .isInstanceOf(InvalidColumnValueException.class).hasMessageContaining("author_id");
        assertThatThrownBy(() -> secure.insert(noSql(), Session.of("user", Map.of()), ARTICLES).values(article(1, "x")).execute())
                .isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> secure.insert(noSql(), EDITOR, ARTICLES).values(article(1, "x")).execute())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(article(1, "x")).returning("body").execute())
                .as("body is not in the user's select columns").isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("body");
        assertThatThrownBy(() -> secure.insert(noSql(), user(1), ARTICLES).values(Map.of("title", "a\u0000b", "author_id", 1)).execute())
                .isInstanceOf(InvalidColumnValueException.class);
    }

    @Test
    void anEmptyRowListExecutesNothingButIsStillValidated() throws Exception {
        assertThat(secure.insert(noSql(), user(1), ARTICLES).values(List.of()).returning("id").execute())
                .isEqualTo(new WriteResult(0, List.of()));
        assertThatThrownBy(() -> secure.insert(noSql(), EDITOR, ARTICLES).execute())
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void aRowThatLeavesOutAColumnAnotherRowGivesGetsTheDefault() throws Exception {
        try (Connection c = db.connection()) {
            Map<String, Object> tagged = article(1, "tagged");
            tagged.put("tags", new String[] {"x"});
            secure.insert(c, user(1), ARTICLES).values(tagged).values(article(1, "untagged")).execute();
        }
        assertThat(db.query("SELECT title, tags::text AS tags FROM articles WHERE id > 5 ORDER BY id"))
                .containsExactly(Map.of("title", "tagged", "tags", "{x}"), Map.of("title", "untagged", "tags", "{}"));
    }

    @Test
    void insertingAThousandRowsOfWhichOneFailsRollsBackAllOfThem() throws Exception {
        List<Map<String, Object>> rows = thousandRowsFailingAt(637);
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, user(1), ARTICLES).values(rows).execute());
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.index()).isEqualTo(637);
                assertThat(f.row()).containsEntry("title", "row 637");
            });
        }
        assertThat(count(db, "articles")).isEqualTo(5);
        try (Connection c = db.connection()) {
            rows.get(637).put("rating", 5);
            assertThat(secure.insert(c, user(1), ARTICLES).values(rows).execute().affectedRows()).isEqualTo(1000);
        }
        assertThat(count(db, "articles")).isEqualTo(1005);
    }

    @Test
    void aFailureInsideTheCallersTransactionRollsBackOnlyThisCall() throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO authors (name) VALUES ('eve')");
            }
            secure.insert(c, user(1), ARTICLES).values(article(1, "before")).execute();
            assertThatThrownBy(() -> secure.insert(c, user(1), ARTICLES).values(thousandRowsFailingAt(999)).execute())
                    .isInstanceOf(CheckViolationException.class);
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(count(db, "authors")).as("not committed yet").isEqualTo(4);
            c.commit();
        }
        assertThat(count(db, "authors")).isEqualTo(5);
        assertThat(db.query("SELECT title FROM articles WHERE id > 5")).containsExactly(Map.of("title", "before"));
    }

    @Test
    void anErrorOfTheDatabaseRollsBackTheCallAndPropagates() throws Exception {
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> secure.insert(c, user(1), ARTICLES)
                    .values(article(1, "fresh")).values(article(1, "ada draft")).execute())
                    .isInstanceOf(SQLException.class).hasMessageContaining("articles_author_title_key");
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void largeInsertsAreSplitIntoStatementsThatAllRollBackTogether() throws Exception {
        SecureJdbc small = SecureJdbc.of(secure.permissions(), 100);
        SecureTesting.Recording recording;
        try (Connection c = db.connection()) {
            recording = new SecureTesting.Recording(c);
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> small.insert(recording.connection, user(1), ARTICLES)
                    .values(thousandRowsFailingAt(950)).execute());
            assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.index()).isEqualTo(950));
        }
        // 3 parameters a row (author_id, title, created_by), at most 100 a statement (with the check's): < 34 rows
        assertThat(recording.sql.stream().filter(s -> s.startsWith("INSERT")).count()).isGreaterThanOrEqualTo(950 / 33);
        assertThat(count(db, "articles")).isEqualTo(5);
    }

    @Test
    void anInsertOverPgjdbcsParameterLimitIsSplitAndWritesEveryRow() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(Map.of("author_id", 2, "title", "bulk " + i, "body", "b", "rating", i % 6, "tags", List.of(),
                    "is_published", i % 2 == 0));
        }
        try (Connection c = db.connection()) {
            WriteResult r = secure.insert(c, user(2), ARTICLES).values(rows).returning("id").execute();
            assertThat(r.affectedRows()).isEqualTo(10_000);
            assertThat(r.returning()).hasSize(10_000);
        }
        assertThat(count(db, "articles WHERE created_by = '2'")).isEqualTo(10_000);
    }

    @Test
    void aBackendOnlyInsertNeedsBackendMode() throws Exception {
        Map<String, Object> row = article(3, "by the service");
        row.put("created_by", "service");
        assertThatThrownBy(() -> secure.insert(noSql(), SERVICE, ARTICLES).values(row).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("backend_only");
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, SERVICE.withBackendOnlyPermissions(), ARTICLES).values(row).execute().affectedRows())
                    .isEqualTo(1);
        }
        assertThat(db.query("SELECT created_by FROM articles WHERE title = 'by the service'"))
                .containsExactly(Map.of("created_by", "service"));
    }

    @Test
    void aWriteWithoutCheckOrReturningReturnsNothing() throws Exception {
        SecureTesting.Recording recording;
        try (Connection c = db.connection()) {
            recording = new SecureTesting.Recording(c);
            Session service = SERVICE.withBackendOnlyPermissions();
            assertThat(secure.insert(recording.connection, service, ARTICLES).values(article(3, "quiet")).execute())
                    .isEqualTo(new WriteResult(1, List.of()));
        }
        assertThat(recording.sql).singleElement().satisfies(s -> assertThat(s).doesNotContain("RETURNING"));
    }

    private static List<Map<String, Object>> thousandRowsFailingAt(int failing) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> row = article(1, "row " + i);
            if (i == failing) {
                row.put("rating", 6);
            }
            rows.add(row);
        }
        return rows;
    }
}
