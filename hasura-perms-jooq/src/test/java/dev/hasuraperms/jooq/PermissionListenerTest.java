package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drop-in listener on the shared enforcement fixture (authors and articles; roles user, editor, service), in
 * embedded PostgreSQL. User 2 is bob: it sees the published articles (2 ada, 4 bob, 5 cy) and its own draft (3).
 */
@PostgresTest
class PermissionListenerTest {

    private static final Table<?> AUTHORS = table(name("public", "authors"));
    private static final Table<?> ARTICLES = table(name("public", "articles"));
    private static final Table<?> A = AUTHORS.as("a");
    private static final Table<?> X = ARTICLES.as("x");
    private static final Field<Integer> A_ID = field(name("a", "id"), Integer.class);
    private static final Field<String> A_NAME = field(name("a", "name"), String.class);
    private static final Field<Integer> X_ID = field(name("x", "id"), Integer.class);
    private static final Field<Integer> X_AUTHOR = field(name("x", "author_id"), Integer.class);
    private static final Field<Boolean> X_PUBLISHED = field(name("x", "is_published"), Boolean.class);

    private static final Session USER_2 = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
    private static final Session USER_3 = Session.of("user", Map.of("X-Hasura-User-Id", "3"));
    private static final Session EDITOR = Session.of("editor", Map.of());

    private static TestDatabase database;
    private static Connection connection;
    private static JooqPermissions permissions;

    /** The session the secured DSL's supplier gives (a request-scoped holder in a real host). */
    private final AtomicReference<SessionValues> current = new AtomicReference<>(USER_2);
    private final AtomicInteger supplierCalls = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();

    @BeforeAll
    static void schema(TestDatabase db) throws Exception {
        database = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
        connection = db.connection();
        CheckedPermissions checked = PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                JdbcSchemaReader.defaults().read(connection)).orThrow();
        permissions = JooqPermissions.of(checked);
    }

    @BeforeEach
    void data() {
        database.execute(Fixtures.read("enforcement/data.sql"));
        database.execute("TRUNCATE notes; INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static DSLContext raw() {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    /** The host's DSLContext with the listener for the {@link #current} session. */
    private DSLContext secured() {
        return secured(raw(), current::get);
    }

    /** The host's DSLContext with the listener for one session. */
    private DSLContext as(SessionValues session) {
        return secured(raw(), () -> session);
    }

    /** {@code dsl} with the listener, counting the supplier's calls and the statements executed. */
    private DSLContext secured(DSLContext dsl, Supplier<SessionValues> session) {
        DSLContext counting = dsl.configuration().deriveAppending(ExecuteListener.onExecuteStart(
                (ExecuteContext c) -> executions.incrementAndGet())).dsl();
        return PermissionListener.secure(counting, permissions, () -> {
            supplierCalls.incrementAndGet();
            return session.get();
        });
    }

    private static List<Integer> ints(ResultQuery<?> q) {
        return q.fetch().getValues(0, Integer.class);
    }

    private static List<Integer> ids(String sql) {
        List<Integer> out = new ArrayList<>();
        for (Map<String, Object> row : database.query(sql)) {
            out.add((Integer) row.values().iterator().next());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------- reads

    @Test
    void aJoinOfTwoSecuredTablesGetsBothFiltersAndTheSqlBindsTheSession() {
        DSLContext dsl = secured();
        Select<Record2<Integer, String>> q = dsl.select(X_ID, A_NAME).from(A).join(X).on(X_AUTHOR.eq(A_ID)).orderBy(X_ID);
        assertThat(q.fetch().map(r -> r.value1() + " " + r.value2())).containsExactly("2 ada", "3 bob", "4 bob", "5 cy");
        assertThat(as(EDITOR).fetch(q).getValues(0, Integer.class)).containsExactly(1, 2, 3, 4, 5);

        String sql = "select \"x\".\"id\", \"a\".\"name\" from \"public\".\"authors\" as \"a\" join \"public\".\"articles\" as"
                + " \"x\" on \"x\".\"author_id\" = \"a\".\"id\" where ((\"x\".\"is_published\" = ?::bool) OR"
                + " (\"x\".\"author_id\" = ?::int4)) order by \"x\".\"id\"";
        assertThat(q.getSQL()).isEqualTo(sql);
        assertThat(q.getBindValues()).containsExactly(true, 2);
        current.set(USER_3);
        assertThat(q.getSQL()).as("one SQL text per (role, query shape)").isEqualTo(sql);
        assertThat(q.getBindValues()).containsExactly(true, 3);
        assertThat(secured().render(q)).isEqualTo(sql);
        assertThat(raw().render(q)).as("the host's own DSLContext is unchanged").doesNotContain("is_published");
    }

    @Test
    void aLeftJoinFiltersItsNullableSideInTheOnClauseSoUnmatchedRowsStay() {
        // Drafts only: user 2 sees bob's draft; ada's draft is hidden, so ada (like cy and dormant) gets NULL.
        Select<Record2<String, Integer>> q = as(USER_2).select(A_NAME, X_ID).from(A)
                .leftJoin(X).on(X_AUTHOR.eq(A_ID).and(X_PUBLISHED.isFalse())).orderBy(A_ID);
        assertThat(q.fetch().map(r -> r.value1() + " " + r.value2()))
                .containsExactly("ada null", "bob 3", "cy null", "dormant null");
        assertThat(q.getSQL()).contains("left outer join \"public\".\"articles\" as \"x\" on (")
                .doesNotContain(" where ");
        assertThat(as(EDITOR).fetch(q).map(r -> r.value1() + " " + r.value2()))
                .containsExactly("ada 1", "bob 3", "cy null", "dormant null");
    }

    @Test
    void aRightJoinFiltersItsNullableSideInTheOnClause() {
        Select<Record2<String, Integer>> q = as(USER_2).select(A_NAME, X_ID).from(X)
                .rightJoin(A).on(X_AUTHOR.eq(A_ID).and(X_PUBLISHED.isFalse())).orderBy(A_ID);
        assertThat(q.fetch().map(r -> r.value1() + " " + r.value2()))
                .containsExactly("ada null", "bob 3", "cy null", "dormant null");
    }

    @Test
    void subqueriesInWhereAndSelectListsAreFiltered() {
        DSLContext dsl = as(USER_2);
        Field<Integer> draft = field(name("d", "author_id"), Integer.class);
        Table<?> d = ARTICLES.as("d");
        // IN: authors with a draft the role can see.
        assertThat(ints(dsl.select(A_ID).from(A).where(A_ID.in(select(draft).from(d)
                .where(field(name("d", "is_published"), Boolean.class).isFalse()))).orderBy(A_ID))).containsExactly(2);
        // EXISTS and NOT EXISTS.
        assertThat(ints(dsl.select(A_ID).from(A).whereExists(selectOne().from(X).where(X_AUTHOR.eq(A_ID))
                .and(X_PUBLISHED.isFalse())).orderBy(A_ID))).containsExactly(2);
        assertThat(ints(dsl.select(A_ID).from(A).whereNotExists(selectOne().from(X).where(X_AUTHOR.eq(A_ID))
                .and(X_PUBLISHED.isFalse())).orderBy(A_ID))).containsExactly(1, 3, 4);
        // A correlated scalar subquery in the select list.
        Field<Integer> visible = field(select(count()).from(X).where(X_AUTHOR.eq(A_ID)));
        assertThat(dsl.select(A_ID, visible).from(A).orderBy(A_ID).fetch().map(r -> r.value1() + ":" + r.value2()))
                .containsExactly("1:1", "2:2", "3:1", "4:0");
        assertThat(as(EDITOR).select(A_ID, visible).from(A).orderBy(A_ID).fetch().map(r -> r.value1() + ":" + r.value2()))
                .containsExactly("1:2", "2:2", "3:1", "4:0");
        // Semi and anti joins (rendered by jOOQ as EXISTS / NOT EXISTS).
        DSLContext user = as(USER_2);
        assertThat(ints(user.select(A_ID).from(A).leftSemiJoin(X).on(X_AUTHOR.eq(A_ID).and(X_PUBLISHED.isFalse()))
                .orderBy(A_ID))).containsExactly(2);
        assertThat(ints(user.select(A_ID).from(A).leftAntiJoin(X).on(X_AUTHOR.eq(A_ID).and(X_PUBLISHED.isFalse()))
                .orderBy(A_ID))).containsExactly(1, 3, 4);
    }

    @Test
    void derivedTablesCtesAndSetOperationBranchesAreFiltered() {
        DSLContext dsl = as(USER_2);
        Table<?> derived = dsl.select(field(name("id"))).from(ARTICLES).asTable("t");
        assertThat(dsl.fetchCount(derived)).isEqualTo(4);
        assertThat(dsl.fetchCount(dsl.selectFrom(X))).isEqualTo(4);
        assertThat(dsl.fetchCount(X)).isEqualTo(4);

        Field<Integer> cid = field(name("c", "id"), Integer.class);
        assertThat(ints(dsl.with("c").as(select(X_ID.as("id")).from(X)).select(cid).from(table(name("c"))).orderBy(cid)))
                .containsExactly(2, 3, 4, 5);
        // A CTE named like the secured table it reads: its body reads the table (filtered); the outer reference is
        // taken for the table too (filtered again, which changes nothing).
        assertThat(ints(dsl.with("articles").as(select(field(name("id")), field(name("author_id")),
                        field(name("is_published"))).from(ARTICLES))
                .select(field(name("articles", "id"), Integer.class)).from(table(name("articles")))
                .orderBy(field(name("articles", "id"))))).containsExactly(2, 3, 4, 5);

        Select<?> union = dsl.select(X_ID).from(X).where(X_PUBLISHED.isFalse())
                .unionAll(select(X_ID).from(X).where(X_AUTHOR.eq(1))).orderBy(1);
        assertThat(ints((ResultQuery<?>) union)).containsExactly(2, 3);
        assertThat(union.getBindValues()).as("the host's values, then the filter's, per branch").containsExactly(true, 2, 1, true, 2);
    }

    @Test
    void theParserAndUnqualifiedNamesAreSecuredToo() {
        DSLContext dsl = as(USER_2);
        Query parsed = dsl.parser().parseQuery("SELECT a.id FROM articles a JOIN authors b ON b.id = a.author_id"
                + " WHERE a.id IN (SELECT id FROM articles WHERE NOT is_published) ORDER BY a.id");
        assertThat(ints((ResultQuery<?>) parsed)).containsExactly(3);
        assertThat(ints(dsl.select(field(name("id"), Integer.class)).from(table(name("articles")))
                .orderBy(field(name("id"))))).containsExactly(2, 3, 4, 5);
    }

    @Test
    void noSelectPermissionOrAMissingSessionVariableFailsBeforeAnyStatementRuns() {
        DSLContext nobody = as(Session.of("nobody", Map.of()));
        assertThatThrownBy(() -> nobody.selectFrom(ARTICLES).fetch())
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("role nobody has no select permission on public.articles");
        assertThatThrownBy(() -> nobody.select(field(name("id"))).from(table(name("public", "notes")))
                .where(field(name("id"), Integer.class).in(select(X_AUTHOR).from(X))).fetch())
                .as("a secured table in a subquery").isInstanceOf(PermissionDeniedException.class);
        DSLContext noUserId = as(Session.of("user", Map.of()));
        assertThatThrownBy(() -> noUserId.selectFrom(X).fetch()).isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> noUserId.selectFrom(X).getSQL()).isInstanceOf(MissingSessionVariableException.class);
        assertThat(executions).hasValue(0);
    }

    @Test
    void tablesOutsideTheMetadataAndStatementsOfSecureDslAreLeftAlone() {
        Table<?> notes = table(name("public", "notes"));
        DSLContext dsl = secured();
        Select<?> q = dsl.select(field(name("id"))).from(notes).orderBy(field(name("id")));
        assertThat(dsl.render(q)).isEqualTo(raw().render(q));
        assertThat(ints((ResultQuery<?>) q)).containsExactly(1, 2);
        assertThat(dsl.insertInto(notes).columns(field(name("id")), field(name("body"))).values(3, "three").execute()).isOne();
        assertThat(dsl.update(notes).set(field(name("body")), "x").execute()).isEqualTo(3);
        assertThat(dsl.deleteFrom(notes).where(field(name("id")).eq(3)).execute()).isOne();
        assertThat(supplierCalls).as("no secured table, no session needed").hasValue(0);

        // Statements of SecureDsl run on a marked configuration: the listener does not touch them.
        DSLContext marked = Enforced.mark(secured().configuration()).dsl();
        assertThat(marked.fetchCount(X)).isEqualTo(5);
        assertThat(marked.render(marked.selectFrom(X))).isEqualTo(raw().render(raw().selectFrom(X)));
        assertThat(marked.insertInto(ARTICLES).columns(field(name("author_id")), field(name("title")))
                .values(2, "marked").execute()).isOne();
        assertThat(marked.deleteFrom(ARTICLES).where(field(name("title")).eq("marked")).execute()).isOne();
        assertThat(supplierCalls).hasValue(0);
    }

    @Test
    void theSessionSupplierIsAskedOncePerStatementAndValuesStayParameters() {
        DSLContext dsl = as(USER_2);
        Select<?> q = dsl.select(X_ID).from(X).where(X_ID.in(select(field(name("y", "id"), Integer.class))
                .from(ARTICLES.as("y")))).orderBy(X_ID);
        assertThat(ints((ResultQuery<?>) q)).containsExactly(2, 3, 4, 5);
        assertThat(supplierCalls).as("one rendering, two secured tables").hasValue(1);
        assertThat(q.getSQL()).doesNotContain("2::").contains("?::int4");
        assertThat(q.getSQL(ParamType.INLINED)).contains("2::int4");

        // A host that renders everything inlined gets inlined (escaped) values, like its own.
        DSLContext inlined = secured(DSL.using(connection, SQLDialect.POSTGRES,
                new Settings().withStatementType(StatementType.STATIC_STATEMENT)), () -> USER_2);
        assertThat(ints(inlined.select(X_ID).from(X).orderBy(X_ID))).containsExactly(2, 3, 4, 5);
    }

    // ---------------------------------------------------------------------------------------------------- writes

    @Test
    void deleteGetsTheDeleteFilter() {
        // User 2 deletes "everything": only its own unpublished article goes.
        assertThat(as(USER_2).deleteFrom(X).execute()).isOne();
        assertThat(ids("SELECT id FROM articles ORDER BY id")).containsExactly(1, 2, 4, 5);
        // With its own condition, and a USING table (whose select filter applies too).
        assertThat(as(USER_3).deleteFrom(X).using(A).where(X_AUTHOR.eq(A_ID)).and(A_NAME.eq("ada")).execute()).isZero();
        assertThat(ids("SELECT id FROM articles ORDER BY id")).containsExactly(1, 2, 4, 5);

        assertThatThrownBy(() -> as(EDITOR).deleteFrom(ARTICLES).execute()).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("role editor has no delete permission on public.articles");
        assertThatThrownBy(() -> as(USER_2).deleteFrom(AUTHORS).execute()).isInstanceOf(PermissionDeniedException.class);
        assertThat(ids("SELECT id FROM articles ORDER BY id")).containsExactly(1, 2, 4, 5);
        assertThat(ids("SELECT id FROM authors ORDER BY id")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void anEditorPublishesAnythingItsUpdateHasNoCheckAndNoPresets() {
        Field<Boolean> published = field(name("is_published"), Boolean.class);
        assertThat(as(EDITOR).update(ARTICLES).set(published, true).execute()).isEqualTo(5);
        assertThat(ids("SELECT count(*)::int FROM articles WHERE is_published")).containsExactly(5);
        // Its update permission covers is_published only.
        assertThatThrownBy(() -> as(EDITOR).update(X).set(field(name("title")), "t").where(X_ID.eq(1)).execute())
                .isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("role editor may not update column title of public.articles");
    }

    @Test
    void anUpdateWhosePermissionHasACheckOrPresetsIsRefused() {
        // user on articles: check and a preset (updated_by); on authors: a check (name <> '').
        DSLContext dsl = as(USER_2);
        assertThatThrownBy(() -> dsl.update(X).set(field(name("title")), "t").where(X_ID.eq(3)).execute())
                .isInstanceOf(UnsecuredStatementException.class)
                .satisfies(e -> assertThat(((UnsecuredStatementException) e).code()).isEqualTo(DiagnosticCode.UNSECURED_STATEMENT))
                .satisfies(e -> assertThat(((UnsecuredStatementException) e).table()).contains(QualifiedName.of("articles")))
                .hasMessageContaining("presets updated_by");
        assertThatThrownBy(() -> dsl.update(AUTHORS).set(field(name("name")), "robert").execute())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("has a check");
        // A preset column or a column outside the permission is named first.
        assertThatThrownBy(() -> dsl.update(X).set(field(name("updated_by")), "me").execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("presets it");
        assertThatThrownBy(() -> dsl.update(X).set(field(name("nope")), "me").execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("no such column");
        assertThat(database.query("SELECT title FROM articles WHERE id = 3").get(0)).containsEntry("title", "bob draft");
        assertThat(executions).hasValue(0);
    }

    @Test
    void insertsMergesTruncatesAndFullJoinsOfSecuredTablesAreRefused() {
        DSLContext dsl = as(USER_2);
        assertThatThrownBy(() -> dsl.insertInto(ARTICLES).columns(field(name("author_id")), field(name("title")))
                .values(2, "new").execute())
                .isInstanceOf(UnsecuredStatementException.class)
                .hasMessage("INSERT into secured table public.articles: use the enforced insert (SecureDsl.insertInto)"
                        + " so the permission's columns, presets and check apply");
        DSLContext service = as(Session.of("service", Map.of()).withBackendOnlyPermissions());
        assertThatThrownBy(() -> service.insertInto(X).columns(field(name("author_id")), field(name("title")))
                .values(2, "new").execute()).isInstanceOf(UnsecuredStatementException.class);
        // An INSERT ... SELECT into an unsecured table reads the secured one filtered.
        assertThat(dsl.insertInto(table(name("notes"))).select(select(X_ID.plus(10), field(name("x", "title"), String.class))
                .from(X)).execute()).isEqualTo(4);
        assertThat(ids("SELECT id FROM notes ORDER BY id")).containsExactly(1, 2, 12, 13, 14, 15);

        assertThatThrownBy(() -> dsl.mergeInto(X).using(A).on(X_AUTHOR.eq(A_ID)).whenMatchedThenUpdate()
                .set(field(name("title")), "m").execute()).isInstanceOf(UnsecuredStatementException.class)
                .hasMessageContaining("MERGE");
        assertThatThrownBy(() -> dsl.truncate(ARTICLES).execute()).isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> dsl.truncate(table(name("notes"))).cascade().execute())
                .isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> dsl.select(A_ID).from(A).fullJoin(X).on(X_AUTHOR.eq(A_ID)).fetch())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("FULL JOIN");
        assertThatThrownBy(() -> dsl.select().from(A).leftJoin(X).using(field(name("id"))).fetch())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("USING");
        assertThatThrownBy(() -> dsl.select().from(A.join(X).on(X_AUTHOR.eq(A_ID)).as("j")).fetch())
                .as("an aliased join hides its tables from the query model")
                .isInstanceOf(UnsecuredStatementException.class);
        assertThat(ids("SELECT count(*)::int FROM articles")).containsExactly(5);
        assertThat(executions).as("only the INSERT ... SELECT ran").hasValue(1);
    }

    @Test
    void plainSqlIsRefusedByDefaultAndPassesOnlyWithTheExplicitOptOut() {
        DSLContext strict = as(USER_2);
        assertThatThrownBy(() -> strict.fetch("SELECT id FROM articles")).isInstanceOf(UnsecuredStatementException.class)
                .hasMessageContaining("PlainSql.PASS");
        assertThatThrownBy(() -> strict.resultQuery("SELECT id FROM articles").fetch())
                .isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> strict.fetch(DSL.sql("SELECT id FROM articles")))
                .isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> strict.selectFrom(DSL.table("articles")).fetch())
                .as("a plain SQL table").isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> strict.execute("DELETE FROM notes")).isInstanceOf(UnsecuredStatementException.class);
        assertThatThrownBy(() -> strict.selectFrom(X).where(DSL.condition("true")).fetch())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("plain SQL");
        assertThatThrownBy(() -> strict.select(DSL.field("now()")).fetch()).isInstanceOf(UnsecuredStatementException.class);
        // jOOQ's own count(*) is written with a plain SQL asterisk: not refused.
        assertThat(strict.fetchCount(X)).isEqualTo(4);
        assertThat(strict.selectCount().from(X).where(X_ID.gt(2)).fetchOne(0, Integer.class)).isEqualTo(3);
        assertThat(ids("SELECT count(*)::int FROM notes")).containsExactly(2);

        DSLContext lax = PermissionListener.of(permissions, () -> USER_2, PermissionListener.PlainSql.PASS).secure(raw());
        assertThat(lax.fetch("SELECT id FROM articles").size()).as("the opt-out: unsecured").isEqualTo(5);
        assertThat(lax.fetchCount(lax.selectFrom(ARTICLES))).as("the DSL stays secured").isLessThan(5);
    }

    @Test
    void aBatchOfBindValueSetsIsRefusedWhenTheListenerAddsParameters() {
        Field<Integer> id = field(name("public", "articles", "id"), Integer.class);
        DSLContext user = as(USER_2);
        assertThatThrownBy(() -> user.batch(user.deleteFrom(ARTICLES).where(id.eq((Integer) null))).bind(1).bind(3).execute())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("batch");
        assertThat(ids("SELECT count(*)::int FROM articles")).containsExactly(5);
        // A filter without parameters (the editor's is TRUE) and batches of separate statements are fine.
        DSLContext editor = as(EDITOR);
        assertThat(editor.batch(editor.update(ARTICLES).set(field(name("is_published"), Boolean.class), (Boolean) null)
                .where(id.eq((Integer) null))).bind(true, 1).bind(false, 2).execute()).containsExactly(1, 1);
        assertThat(user.batch(user.deleteFrom(ARTICLES).where(id.eq(1)), user.deleteFrom(ARTICLES).where(id.eq(3))).execute())
                .containsExactly(0, 1);
        assertThat(ids("SELECT id FROM articles WHERE is_published ORDER BY id")).containsExactly(1, 4, 5);
    }
}
