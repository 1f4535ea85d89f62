package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enforced operations of the jOOQ backend on the shared enforcement fixture (a small blog), in PostgreSQL. */
@PostgresTest
class SecureDslTest {

    private static TestDatabase db;
    private static JooqPermissions permissions;

    private static final Table<?> ARTICLES = table(name("public", "articles"));
    private static final Table<?> A = ARTICLES.as("a");
    private static final Field<Integer> ID = field(name("a", "id"), Integer.class);
    private static final Field<Integer> AUTHOR_ID = field(name("a", "author_id"), Integer.class);
    private static final Field<String> TITLE = field(name("a", "title"), String.class);
    private static final Field<String> BODY = field(name("a", "body"), String.class);
    private static final Field<Boolean> IS_PUBLISHED = field(name("a", "is_published"), Boolean.class);
    private static final Field<Integer> RATING = field(name("a", "rating"), Integer.class);
    private static final Field<String> UPDATED_BY = field(name("a", "updated_by"), String.class);
    private static final Table<?> AUTHORS = table(name("public", "authors"));

    /** The statements run through jOOQ with a configuration marked as enforced (the host's own are not listed). */
    private final List<String> statements = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void schema(TestDatabase database) throws Exception {
        db = database;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        try (Connection c = db.connection()) {
            permissions = JooqPermissions.of(PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow());
        }
    }

    @BeforeEach
    void data() {
        db.execute(Fixtures.read("enforcement/data.sql"));
        statements.clear();
    }

    private static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", String.valueOf(id)));
    }

    /** A context on the test database that records the statements run with a marked configuration. */
    private DSLContext dsl(Settings settings) {
        ExecuteListener recorder = ExecuteListener.onExecuteStart(ctx -> {
            if (Enforced.isMarked(ctx.configuration())) {
                statements.add(ctx.sql());
            }
        });
        return DSL.using(new DefaultConfiguration().set(SQLDialect.POSTGRES).set(db.dataSource()).set(settings)
                .set(new DefaultExecuteListenerProvider(recorder)));
    }

    private DSLContext dsl() {
        return dsl(new Settings());
    }

    private SecureDsl secure() {
        return SecureDsl.of(dsl(), permissions);
    }

    private static long count(String sql) {
        return ((Number) db.query(sql).get(0).values().iterator().next()).longValue();
    }

    private static Map<String, Object> article(int id) {
        return db.query("SELECT * FROM articles WHERE id = " + id).get(0);
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ insert

    @Test
    void aFailingInsertCheckLeavesNothingWrittenAndExplainsTheRow() {
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "fine", "rating", 4))
                .values(row("author_id", 1, "title", "too good", "rating", 9))
                .execute());
        assertThat(e).isNotNull();
        assertThat(e.operation()).isEqualTo(Operation.INSERT);
        assertThat(e.role()).isEqualTo("user");
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.row()).containsEntry("title", "too good").containsEntry("rating", 9)
                    .containsEntry("created_by", "1").containsKey("created_at");
            assertThat(f.explanation()).isPresent();
            assertThat(f.explanation().get().render()).contains("rating").contains("9").contains("5");
        });
        assertThat(e.getMessage()).contains("check constraint of an insert permission has failed").contains("too good");
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
        assertThat(statements).hasSize(1);
    }

    @Test
    void theExplanationFollowsARelationshipOnTheSameConnection() {
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().insertInto(user(4), A)
                .values(row("author_id", 4, "title", "from the dormant author")).execute());
        assertThat(e.failures()).singleElement().satisfies(f ->
                assertThat(f.explanation().orElseThrow().render()).contains("is_active"));
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
    }

    @Test
    void anInsertWritesPresetsAndDefaultsAndReturnsReadableColumns() {
        WriteResult r = secure().insertInto(user(2), A)
                .values(Map.of(AUTHOR_ID, 2, TITLE, "new", "tags", List.of("a", "b \"c\"")))
                .values(row("author_id", 2, "title", "newer", "body", null, "rating", null))
                .returning(ID, TITLE, IS_PUBLISHED)
                .execute();
        assertThat(r.affectedRows()).isEqualTo(2);
        assertThat(r.returning().fields()).containsExactly(ID, TITLE, IS_PUBLISHED);
        assertThat(r.returning().getValues(TITLE)).containsExactly("new", "newer");
        assertThat(r.returning().getValues(IS_PUBLISHED)).containsExactly(false, false);
        Integer id = r.returning().get(0).get(ID);
        Map<String, Object> written = article(id);
        assertThat(written).containsEntry("created_by", "2").containsEntry("author_id", 2);
        assertThat(written.get("tags").toString()).isEqualTo("{a,\"b \\\"c\\\"\"}");
        assertThat(statements).singleElement().satisfies(sql -> assertThat(sql)
                .startsWith("insert into \"public\".\"articles\" as \"a\" (\"author_id\", \"title\", \"body\", \"rating\", \"tags\", \"created_by\") values (")
                .contains("cast(? as int4)", "cast(? as text[])", "default", "cast(null as text)")
                .contains("returning \"a\".\"id\", \"a\".\"title\", \"a\".\"is_published\", \"a\".\"id\", \"a\".\"author_id\"")
                .endsWith("as \"_hp_check\""));
    }

    @Test
    void aNullCheckPasses() {
        // rating <= 5 is NULL for a NULL rating: the row passes, as in Hasura
        WriteResult r = secure().insertInto(user(1), A).values(row("author_id", 1, "title", "unrated", "rating", null)).execute();
        assertThat(r.affectedRows()).isEqualTo(1);
        assertThat(r.returning()).isEmpty();
        assertThat(count("SELECT count(*) FROM articles WHERE title = 'unrated' AND rating IS NULL")).isEqualTo(1);
    }

    @Test
    void presetAndOtherForbiddenColumnsAreRefusedBeforeSql() {
        assertThatThrownBy(() -> secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "x", "created_by", "someone")).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("created_by").hasMessageContaining("presets it");
        assertThatThrownBy(() -> secure().update(user(1), A).set(UPDATED_BY, "someone").execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("updated_by");
        assertThatThrownBy(() -> secure().insertInto(user(1), A).values(row("author_id", 1, "title", "x", "id", 99)).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("not in the insert permission's columns");
        assertThatThrownBy(() -> secure().insertInto(user(1), A)
                .values(Map.of(field(name("b", "title")), "x")).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("only columns of \"a\"");
        assertThatThrownBy(() -> secure().insertInto(user(1), A).values(row("author_id", 1, "title", "x", "rating", "high")).execute())
                .isInstanceOf(InvalidColumnValueException.class).hasMessageContaining("rating");
        assertThatThrownBy(() -> secure().insertInto(Session.of("user", Map.of()), A).values(row("author_id", 1, "title", "x")).execute())
                .isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> secure().insertInto(Session.of("editor", Map.of()), A).values(row("title", "x")).execute())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure().insertInto(user(1), A).values(row("author_id", 1, "title", "x")).returning(BODY).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> secure().deleteFrom(Session.of("editor", Map.of()), A).execute())
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(statements).isEmpty();
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
    }

    @Test
    void emptyInsertsRunNothing() {
        WriteResult r = secure().insertInto(user(1), A).values(List.of()).returning(ID).execute();
        assertThat(r.affectedRows()).isZero();
        assertThat(r.returning()).isEmpty();
        assertThat(r.returning().fields()).containsExactly(ID);
        assertThat(statements).isEmpty();
    }

    @Test
    void aThousandRowsWithOneFailingRollBackAll() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row("author_id", 1, "title", "bulk " + i, "rating", i == 637 ? 6 : i % 6));
        }
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().insertInto(user(1), A).values(rows).execute());
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(637);
            assertThat(f.row()).containsEntry("title", "bulk 637");
        });
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
        rows.set(637, row("author_id", 1, "title", "bulk 637", "rating", 5));
        assertThat(secure().insertInto(user(1), A).values(rows).execute().affectedRows()).isEqualTo(1000);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(1005);
    }

    @Test
    void bigInsertsAreSplitIntoStatementsOfOneAtomicUnit() {
        // 5 bound values a row (4 given, the created_by preset): 10,000 rows need two statements; a failure in the
        // second undoes the first
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(row("author_id", 1, "title", "many " + i, "body", "b", "rating", i == 9_000 ? 7 : 1));
        }
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().insertInto(user(1), A).values(rows).execute());
        assertThat(statements).hasSize(2);
        assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.index()).isEqualTo(9_000));
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
        statements.clear();
        rows.set(9_000, row("author_id", 1, "title", "many 9000", "rating", 1));
        assertThat(secure().insertInto(user(1), A).values(rows).returning(ID).execute()).satisfies(r -> {
            assertThat(r.affectedRows()).isEqualTo(10_000);
            assertThat(r.returning()).hasSize(10_000);
        });
        assertThat(statements).hasSize(2);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(10_005);
    }

    @Test
    void aFailureInsideTheCallersJooqTransactionKeepsTheCallersEarlierWork() {
        DSLContext dsl = dsl();
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(AUTHORS).columns(field(name("name"))).values("eve").execute();
            SecureDsl secure = SecureDsl.of(tx, permissions);
            secure.insertInto(user(1), A).values(row("author_id", 1, "title", "kept")).execute();
            assertThatThrownBy(() -> secure.insertInto(user(1), A)
                    .values(row("author_id", 1, "title", "ok"))
                    .values(row("author_id", 2, "title", "not mine")).execute())
                    .isInstanceOf(CheckViolationException.class);
            // the transaction is still usable after the savepoint was rolled back
            assertThat(tx.fetchCount(ARTICLES)).isEqualTo(6);
        });
        assertThat(count("SELECT count(*) FROM authors WHERE name = 'eve'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM articles WHERE title IN ('ok', 'not mine')")).isZero();
    }

    @Test
    void aPlainJdbcTransactionIsJoinedWithASavepoint() throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO authors (name) VALUES ('eve')");
            }
            SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), permissions);
            assertThatThrownBy(() -> secure.update(user(1), A).set(TITLE, "spam spam").where(ID.eq(1)).execute())
                    .isInstanceOf(CheckViolationException.class);
            assertThat(c.getAutoCommit()).isFalse();
            secure.update(user(1), A).set(TITLE, "renamed in tx").where(ID.eq(1)).execute();
            c.commit();
        }
        assertThat(count("SELECT count(*) FROM authors WHERE name = 'eve'")).isEqualTo(1);
        assertThat(article(1)).containsEntry("title", "renamed in tx");
        // and a write joined to a transaction the caller rolls back is gone with it
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), permissions).insertInto(user(1), A)
                    .values(row("author_id", 1, "title", "rolled back")).execute();
            c.rollback();
        }
        assertThat(count("SELECT count(*) FROM articles WHERE title = 'rolled back'")).isZero();
    }

    @Test
    void databaseErrorsPropagateAsDataAccessExceptionAfterTheRollback() {
        // the second row duplicates (author_id, title) of the first: the unique constraint fails the statement
        assertThatThrownBy(() -> secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "dup"))
                .values(row("author_id", 1, "title", "dup")).execute())
                .isInstanceOf(DataAccessException.class);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
        DSLContext dsl = dsl();
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(AUTHORS).columns(field(name("name"))).values("eve").execute();
            assertThatThrownBy(() -> SecureDsl.of(tx, permissions).insertInto(user(1), A)
                    .values(row("author_id", 1, "title", "ada draft")).execute())
                    .isInstanceOf(DataAccessException.class);
        });
        assertThat(count("SELECT count(*) FROM authors WHERE name = 'eve'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ upsert

    @Test
    void anUpsertUpdatesTheUsersOwnConflictingRowWithTheUpdatePreset() {
        WriteResult r = secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada draft", "body", "rewritten", "rating", 9))
                .values(row("author_id", 1, "title", "ada new", "body", "fresh"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("body", "rating")))
                .returning(ID, TITLE)
                .execute();
        // rating 9 passes: the updated row is held to the update check (own article, no spam), not the insert check
        assertThat(r.affectedRows()).isEqualTo(2);
        assertThat(r.returning().getValues(TITLE)).containsExactly("ada draft", "ada new");
        assertThat(article(1)).containsEntry("body", "rewritten").containsEntry("rating", 9)
                .containsEntry("updated_by", "1").containsEntry("created_by", null);
        assertThat(count("SELECT count(*) FROM articles WHERE title = 'ada new' AND created_by = '1' AND updated_by IS NULL"))
                .isEqualTo(1);
        assertThat(statements).singleElement().satisfies(sql -> assertThat(sql)
                .contains("on conflict on constraint \"articles_author_title_key\" do update set \"body\" = excluded.\"body\", "
                        + "\"rating\" = excluded.\"rating\", \"updated_by\" = cast(? as text) where ")
                .contains("case when \"a\".\"xmax\" = 0 then "));
    }

    @Test
    void anUpsertLeavesAnotherAuthorsConflictingRowAloneAndDoesNotCountIt() {
        WriteResult r = secure().insertInto(user(1), A)
                .values(row("author_id", 2, "title", "bob draft", "body", "hijacked"))
                .onConflict(OnConflict.onColumns(List.of("author_id", "title"), List.of("body")))
                .returning(ID)
                .execute();
        assertThat(r.affectedRows()).isZero();
        assertThat(r.returning()).isEmpty();
        assertThat(article(3)).containsEntry("body", null).containsEntry("updated_by", null);
    }

    @Test
    void anUpsertWithTheCallersConflictConditionUpdatesOnlyWhereItHolds() {
        SecureInsert upsert = secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada draft", "body", "changed"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("body")));
        assertThat(upsert.onConflictWhere(IS_PUBLISHED.isTrue()).execute().affectedRows()).isZero();
        assertThat(article(1)).containsEntry("body", "x");
        assertThat(upsert.onConflictWhere(IS_PUBLISHED.isFalse()).execute().affectedRows()).isEqualTo(1);
        assertThat(article(1)).containsEntry("body", "changed");
    }

    @Test
    void anUpsertWithoutUpdateColumnsDoesNothingOnConflict() {
        WriteResult r = secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada draft", "body", "ignored"))
                .values(row("author_id", 1, "title", "brand new"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of()))
                .returning(TITLE)
                .execute();
        assertThat(r.affectedRows()).isEqualTo(1);
        assertThat(r.returning().getValues(TITLE)).containsExactly("brand new");
        assertThat(article(1)).containsEntry("body", "x").containsEntry("updated_by", null);
        assertThat(statements).singleElement().satisfies(sql -> assertThat(sql).contains("do nothing").doesNotContain("xmax"));
        assertThatThrownBy(() -> secure().insertInto(user(1), A).values(row("author_id", 1, "title", "x"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of()))
                .onConflictWhere(IS_PUBLISHED.isTrue()).execute())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noUpsertWithoutAnUpdatePermission() {
        Session service = Session.of("service", Map.of()).withBackendOnlyPermissions();
        assertThatThrownBy(() -> secure().insertInto(service, A)
                .values(row("author_id", 1, "title", "ada draft"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of()))
                .execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("upsert");
        assertThatThrownBy(() -> secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada draft"))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("author_id")))
                .execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("author_id");
        assertThat(statements).isEmpty();
    }

    @Test
    void aFreshRowOfAnUpsertIsHeldToTheInsertCheckAndItsFailureUndoesTheUpdates() {
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada published", "rating", 9))
                .values(row("author_id", 1, "title", "fresh and too good", "rating", 9))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("rating")))
                .execute());
        // the updated row (update check: own, no spam) passes with rating 9; the inserted one fails rating <= 5
        assertThat(e.operation()).isEqualTo(Operation.INSERT);
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.row()).containsEntry("title", "fresh and too good");
        });
        assertThat(article(2)).containsEntry("rating", 5).containsEntry("updated_by", null);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(5);
    }

    @Test
    void withoutAnUpdateCheckTheUpdatedRowsOfAnUpsertAreHeldToTheInsertCheck() throws Exception {
        String metadata = Fixtures.read("enforcement/metadata.json").replace(
                "\"check\": {\"_and\": [{\"author_id\": {\"_eq\": \"X-Hasura-User-Id\"}}, {\"title\": {\"_nilike\": \"%spam%\"}}]},", "");
        JooqPermissions noUpdateCheck;
        try (Connection c = db.connection()) {
            CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(metadata),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
            assertThat(checked.source().table(dev.hasuraperms.names.QualifiedName.of("articles")).orElseThrow()
                    .updatePermission("user").orElseThrow().check()).isEmpty();
            noUpdateCheck = JooqPermissions.of(checked);
        }
        SecureInsert upsert = SecureDsl.of(dsl(), noUpdateCheck).insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada published", "rating", 9))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("rating")));
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class, upsert::execute);
        assertThat(e.operation()).isEqualTo(Operation.INSERT);
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.row()).containsEntry("id", 2).containsEntry("rating", 9);
            assertThat(f.explanation().orElseThrow().render()).contains("rating");
        });
        assertThat(article(2)).containsEntry("rating", 5);
        // with the fixture's update check the same upsert passes
        assertThat(SecureDsl.of(dsl(), permissions).insertInto(user(1), A)
                .values(row("author_id", 1, "title", "ada published", "rating", 9))
                .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("rating")))
                .execute().affectedRows()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ update

    @Test
    void anUpdateThatMovesARowOutOfItsCheckFailsAndLeavesTheRowUnchanged() {
        CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                () -> secure().update(user(1), A)
                .set(TITLE, "buy SPAM here").where(ID.eq(1)).execute());
        assertThat(e.operation()).isEqualTo(Operation.UPDATE);
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.row()).containsEntry("id", 1).containsEntry("title", "buy SPAM here").containsEntry("updated_by", "1");
            assertThat(f.explanation().orElseThrow().render()).contains("title");
        });
        assertThat(article(1)).containsEntry("title", "ada draft").containsEntry("updated_by", null);
    }

    @Test
    void anUpdateTouchesOnlyRowsOfTheFilterAndCountsOnlyThem() {
        WriteResult r = secure().update(user(1), A).set(IS_PUBLISHED, true).returning(ID).execute();
        assertThat(r.affectedRows()).isEqualTo(2);
        assertThat(r.returning().getValues(ID)).containsExactlyInAnyOrder(1, 2);
        assertThat(count("SELECT count(*) FROM articles WHERE updated_by = '1'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM articles WHERE author_id <> 1 AND updated_by IS NOT NULL")).isZero();
        assertThat(article(3)).containsEntry("is_published", false);
        // the caller's condition narrows further
        assertThat(secure().update(user(1), A).set(Map.of("rating", 2)).where(TITLE.eq("bob draft")).execute()
                .affectedRows()).isZero();
        assertThat(statements.get(0)).startsWith("update \"public\".\"articles\" as \"a\" set \"is_published\" = cast(? as bool), "
                + "\"updated_by\" = cast(? as text) where (").contains("returning \"a\".\"id\", \"a\".\"id\"");
    }

    /** Issue 18: an update without columns sets the presets (Hasura: no _set); without presets, nothing runs. */
    @Test
    void anUpdateWithoutColumnsSetsOnlyThePresetsAndWithoutPresetsRunsNothing() {
        WriteResult r = secure().update(user(1), A).returning(ID).execute();
        assertThat(r.affectedRows()).isEqualTo(2);
        assertThat(r.returning().getValues(ID)).containsExactlyInAnyOrder(1, 2);
        assertThat(article(1)).containsEntry("title", "ada draft").containsEntry("updated_by", "1");
        assertThat(statements).singleElement().asString()
                .startsWith("update \"public\".\"articles\" as \"a\" set \"updated_by\" = cast(? as text) where (");
        statements.clear();
        WriteResult none = secure().update(user(2), AUTHORS).execute();
        assertThat(none.affectedRows()).isZero();
        assertThat(none.returning()).isEmpty();
        assertThat(statements).as("no statement runs").isEmpty();
        assertThatThrownBy(() -> secure().update(Session.of("user", Map.of()), AUTHORS).execute())
                .isInstanceOf(dev.hasuraperms.session.MissingSessionVariableException.class);
    }

    @Test
    void anEditorMayOnlyPublish() {
        Session editor = Session.of("editor", Map.of());
        assertThat(secure().update(editor, A).set(IS_PUBLISHED, true).where(ID.eq(3)).execute().affectedRows()).isEqualTo(1);
        assertThat(article(3)).containsEntry("is_published", true);
        assertThatThrownBy(() -> secure().update(editor, A).set(TITLE, "x").execute()).isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void authorsRenameOnlyThemselvesAndNeverToEmpty() {
        Table<?> au = AUTHORS.as("au");
        Field<String> name = field(name("au", "name"), String.class);
        assertThat(secure().update(user(2), au).set(name, "robert").execute().affectedRows()).isEqualTo(1);
        assertThat(db.query("SELECT name FROM authors ORDER BY id")).extracting(m -> m.get("name"))
                .containsExactly("ada", "robert", "cy", "dormant");
        assertThatThrownBy(() -> secure().update(user(2), au).set(name, "").execute())
                .isInstanceOf(CheckViolationException.class);
        assertThat(db.query("SELECT name FROM authors WHERE id = 2").get(0)).containsEntry("name", "robert");
    }

    // ------------------------------------------------------------------------------------------------ delete

    @Test
    void deleteTakesTheFilterAndTheCallersCondition() {
        // user 2 may delete own unpublished articles: only "bob draft" of its two
        assertThat(secure().deleteFrom(user(2), A).where(TITLE.like("bob%")).returning(TITLE).execute())
                .satisfies(r -> {
                    assertThat(r.affectedRows()).isEqualTo(1);
                    assertThat(r.returning().getValues(TITLE)).containsExactly("bob draft");
                });
        assertThat(count("SELECT count(*) FROM articles WHERE author_id = 2")).isEqualTo(1);
        // the caller's condition narrows: ada's draft, but asked for title 'nope'
        assertThat(secure().deleteFrom(user(1), A).where(TITLE.eq("nope")).execute().affectedRows()).isZero();
        assertThat(secure().deleteFrom(user(1), A).execute().affectedRows()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(3);
        assertThat(statements.get(0)).startsWith("delete from \"public\".\"articles\" as \"a\" where (");
    }

    // ------------------------------------------------------------------------------------------------ select

    @Test
    void selectReadsTheFilteredRowsAndTheReadableColumns() {
        Result<Record> all = secure().select(user(2), A).orderBy(ID).fetch();
        assertThat(all.fields()).extracting(Field::getName)
                .containsExactly("id", "author_id", "title", "is_published", "rating", "tags");
        assertThat(all.getValues("title", String.class))
                .containsExactly("ada published", "bob draft", "bob published", "cy published");
        assertThat(all.get(3).get("tags", String[].class)).isEmpty();
        assertThat(all.get(2).get("tags", String[].class)).containsExactly("tech", "java");
        Result<Record> mine = secure().select(user(2), A).fields(TITLE).where(IS_PUBLISHED.isFalse()).fetch();
        assertThat(mine.getValues(TITLE)).containsExactly("bob draft");
        assertThat(mine.fields()).containsExactly(TITLE);
        assertThatThrownBy(() -> secure().select(user(2), A).fields(TITLE, BODY).fetch())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> secure().select(user(2), A).fields(DSL.upper(TITLE)).fetch())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure().select(user(2), A).orderBy(BODY.desc()).fetch())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> secure().select(user(2), A).orderBy(DSL.length(TITLE)).fetch())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure().select(Session.of("nobody", Map.of()), A).fetch())
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(statements).hasSize(2);
    }

    @Test
    void theLimitIsTheSmallerOfTheCallersAndThePermissionsAppliedAfterTheOrdering() {
        db.execute("INSERT INTO articles (author_id, title, is_published) SELECT 3, 'p' || i, true FROM generate_series(1, 150) i");
        assertThat(secure().select(user(2), A).fetch()).hasSize(100);
        assertThat(secure().select(user(2), A).limit(500).fetch()).hasSize(100);
        Result<Record> top = secure().select(user(2), A).fields(ID).orderBy(ID.desc()).limit(500).fetch();
        assertThat(top.getValues(ID)).hasSize(100).first().isEqualTo(155);
        assertThat(top.getValues(ID)).last().isEqualTo(56);
        Result<Record> page = secure().select(user(2), A).fields(ID).orderBy(ID.desc()).offset(10).limit(3).fetch();
        assertThat(page.getValues(ID)).containsExactly(145, 144, 143);
        Result<Record> late = secure().select(user(2), A).fields(ID).orderBy(ID.desc()).offset(90).limit(500).fetch();
        assertThat(late.getValues(ID)).hasSize(64).first().isEqualTo(65);
        assertThat(statements.get(2)).contains("order by \"a\".\"id\" desc").contains("fetch next ? rows only");
    }

    @Test
    void theSelectComposesAsASubqueryOfTheHostsQuery() {
        DSLContext dsl = dsl();
        Table<?> visible = secure().select(user(2), A).fields(ID, AUTHOR_ID).query().asTable("v");
        int n = dsl.fetchCount(DSL.selectFrom(visible).where(field(name("v", "author_id"), Integer.class).eq(1)));
        assertThat(n).isEqualTo(1);
    }

    // --------------------------------------------------------------------------------- backend-only, naming

    @Test
    void backendOnlyPermissionsNeedBackendMode() {
        Session service = Session.of("service", Map.of());
        assertThatThrownBy(() -> secure().insertInto(service, A).values(row("author_id", 3, "title", "svc")).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("backend_only");
        assertThat(statements).isEmpty();
        WriteResult r = secure().insertInto(service.withBackendOnlyPermissions(), A)
                .values(row("author_id", 3, "title", "svc", "created_by", "the service", "id", 1000)).execute();
        assertThat(r.affectedRows()).isEqualTo(1);
        assertThat(article(1000)).containsEntry("created_by", "the service");
    }

    @Test
    void unaliasedTablesAndGeneratedStyleFieldsWork() {
        Field<Integer> id = field(name("public", "articles", "id"), Integer.class);
        Field<String> title = field(name("public", "articles", "title"), String.class);
        Field<String> unqualified = field(name("title"), String.class);
        WriteResult w = secure().insertInto(user(3), ARTICLES).values(Map.of(field(name("author_id")), 3, title, "plain"))
                .returning(id, unqualified).execute();
        int newId = w.returning().get(0).get(id);
        assertThat(w.returning().get(0).get(unqualified)).isEqualTo("plain");
        assertThat(secure().update(user(3), ARTICLES).set(title, "plainer").where(id.eq(newId)).execute().affectedRows()).isEqualTo(1);
        assertThat(secure().select(user(3), ARTICLES).fields(title).where(id.eq(newId)).fetch().getValues(title))
                .containsExactly("plainer");
        Field<String> viaShortName = field(name("articles", "title"), String.class);
        assertThat(secure().select(user(3), ARTICLES).fields(viaShortName).where(id.eq(newId)).query().fetchOne(0)).isEqualTo("plainer");
        assertThat(secure().deleteFrom(user(3), ARTICLES).where(id.eq(newId)).execute().affectedRows()).isEqualTo(1);
        assertThat(statements).allSatisfy(sql -> assertThat(sql).doesNotContain("\"a\"").contains("\"public\".\"articles\""));
        assertThatThrownBy(() -> secure().select(user(3), ARTICLES).fields(field(name("a", "title"))).fetch())
                .isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void writeTargetsMayNameColumnsByTheTablesOwnNameWhenAliased() {
        Field<String> title = field(name("public", "articles", "title"), String.class);
        Field<Integer> authorId = field(name("articles", "author_id"), Integer.class);
        WriteResult w = secure().insertInto(user(1), A).values(Map.of(authorId, 1, title, "own name")).returning(ID).execute();
        int id = w.returning().get(0).get(ID);
        assertThat(secure().update(user(1), A).set(title, "own name 2").where(ID.eq(id)).execute().affectedRows()).isEqualTo(1);
        assertThat(article(id)).containsEntry("title", "own name 2");
        // reading is by the reference the query uses: the alias
        assertThatThrownBy(() -> secure().select(user(1), A).fields(title).fetch()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure().insertInto(user(1), A).values(row("title", "x")).returning(title).execute())
                .isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void onlyPostgresContextsAreAccepted() {
        assertThatThrownBy(() -> SecureDsl.of(DSL.using(SQLDialect.MYSQL), permissions)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecureDsl.of(DSL.using(SQLDialect.DEFAULT), permissions)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------- statement types

    @Test
    void preparedAndStaticStatementsBothWorkAndStoreHostileStringsVerbatim() {
        List<String> hostile = List.of("it's", "'); DROP TABLE articles; --", "back\\slash\\'", "$$ dollar $$", "?", "??|",
                "\"quoted\"", "é ✓ 𝄞", "line\nbreak", "{a,b}");
        for (StatementType type : StatementType.values()) {
            db.execute(Fixtures.read("enforcement/data.sql"));
            statements.clear();
            SecureDsl secure = SecureDsl.of(dsl(new Settings().withStatementType(type)), permissions);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String s : hostile) {
                rows.add(row("author_id", 1, "title", s, "body", s, "tags", List.of(s, "x")));
            }
            WriteResult w = secure.insertInto(user(1), A).values(rows).returning(TITLE).execute();
            assertThat(w.returning().getValues(TITLE)).as(type.toString()).containsExactlyElementsOf(hostile);
            for (String s : hostile) {
                Result<Record> r = secure.select(user(1), A).fields(TITLE, field(name("a", "tags"), String[].class))
                        .where(TITLE.eq(s)).fetch();
                assertThat(r).as(type + " " + s).hasSize(1);
                assertThat(r.get(0).get(1, String[].class)).containsExactly(s, "x");
            }
            List<Map<String, Object>> stored = db.query("SELECT title, body FROM articles WHERE id > 5 ORDER BY id");
            assertThat(stored).extracting(m -> m.get("title")).containsExactlyElementsOf(hostile);
            assertThat(stored).extracting(m -> m.get("body")).containsExactlyElementsOf(hostile);
            if (type == StatementType.STATIC_STATEMENT) {
                assertThat(statements).allSatisfy(sql -> assertThat(sql).doesNotContain("cast(? "));
                assertThat(statements.get(0)).contains("'it''s'");
            } else {
                assertThat(statements.get(0)).contains("cast(? as text)");
            }
            // a failing check works inlined too
            assertThatThrownBy(() -> secure.insertInto(user(1), A).values(row("author_id", 2, "title", "it's not mine")).execute())
                    .isInstanceOf(CheckViolationException.class);
        }
        assertThat(count("SELECT count(*) FROM articles")).isEqualTo(15);
    }

    @Test
    void negativeAndExtremeValuesAreWrittenAsOneValue() {
        for (StatementType type : StatementType.values()) {
            SecureDsl secure = SecureDsl.of(dsl(new Settings().withStatementType(type)), permissions);
            WriteResult w = secure.insertInto(user(1), A).values(row("author_id", 1, "title", "neg " + type,
                    "rating", Integer.MIN_VALUE)).returning(RATING).execute();
            assertThat(w.returning().getValues(RATING)).containsExactly(Integer.MIN_VALUE);
        }
    }

    // ------------------------------------------------------------------------------------------- misc

    @Test
    void callersConditionsCombineWithTheFilterNotReplaceIt() {
        Condition any = DSL.trueCondition();
        assertThat(secure().select(user(3), A).where(any).where(DSL.or(IS_PUBLISHED.isTrue(), IS_PUBLISHED.isFalse()))
                .fetch().getValues("title", String.class)).containsExactlyInAnyOrder("ada published", "bob published", "cy published");
        assertThat(secure().update(user(3), A).where(DSL.trueCondition()).set(Map.of(RATING, 2)).execute().affectedRows())
                .isEqualTo(1);
    }
}
