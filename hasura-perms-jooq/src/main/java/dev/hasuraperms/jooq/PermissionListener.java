package dev.hasuraperms.jooq;

import dev.hasuraperms.ir.SessionValues;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.Merge;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

/**
 * The jOOQ drop-in: a {@link VisitListener} that secures every statement a {@link DSLContext} renders with the
 * permissions of the session of the moment, the way PostgreSQL row-level security would.
 *
 * <pre>{@code
 * DSLContext secured = PermissionListener.secure(dsl, JooqPermissions.of(checked), requestScope::session);
 * secured.selectFrom(ARTICLES).where(ARTICLES.TITLE.like("a%")).fetch();   // + the role's select filter
 * }</pre>
 *
 * <ul>
 *   <li>Every SELECT (top level, subqueries, derived tables, CTEs, set operation branches) gets the select filter of
 *       each secured table in its FROM clause (a table tracked in the checked metadata), naming the rows as the query
 *       does (its alias, else its qualified name): AND-ed into its WHERE clause for tables in the FROM list and inner
 *       joins, into the ON clause of a LEFT or RIGHT JOIN for its nullable side. FULL JOINs of secured tables are
 *       refused.</li>
 *   <li>UPDATE and DELETE of a secured table get the update or delete filter in their WHERE clause, and the select
 *       filter of the tables in their FROM or USING clause. An UPDATE whose permission has a check or presets, or
 *       that sets a column outside the permission's columns, is refused: the listener cannot check updated rows.</li>
 *   <li>INSERT into a secured table, MERGE and TRUNCATE of a secured table are refused; use {@code SecureDsl}.</li>
 *   <li>No permission for the role → {@link dev.hasuraperms.check.PermissionDeniedException}; a refused statement →
 *       {@link UnsecuredStatementException}; both while rendering, before anything runs.</li>
 * </ul>
 *
 * <p>It filters rows only: it does not restrict columns, apply the permission's {@code limit}, or check aggregation
 * permissions. Plain SQL ({@code dsl.fetch("select ...")}, {@code dsl.execute("...")}, {@code DSL.table("...")},
 * {@code DSL.condition("...")}, {@code resultQuery("...")}) is opaque to it and is therefore refused by default
 * ({@link PlainSql#REFUSE}); {@link PlainSql#PASS} lets it through unsecured, an explicit opt-out logged at WARN
 * when the listener is created. Tables not in the metadata (views
 * included) pass untouched. Statements that {@code SecureDsl} runs are left alone. Everything it covers and cannot
 * see is in {@code docs/jooq-listener.md}.
 *
 * <p>The session supplier is asked once per rendering of a statement that reads a secured table, on the rendering
 * thread (a request-scoped holder works). Session values are bind parameters of the rendered SQL (or inlined, where
 * the host renders inlined, like all its other values). Immutable and thread-safe.
 */
public final class PermissionListener implements VisitListener {

    /** What the listener does with plain SQL, which it cannot analyse. */
    public enum PlainSql {
        /**
         * Plain SQL passes through unsecured: the host vouches for it (an explicit opt-out, logged at WARN when the
         * listener is created).
         */
        PASS,
        /**
         * A statement containing any plain SQL template is refused with {@link UnsecuredStatementException} (the
         * default).
         */
        REFUSE
    }

    private static final String STATE = "dev.hasuraperms.jooq.PermissionListener.state";

    private final Supplier<? extends SessionValues> session;
    private final PlainSql plainSql;
    private final StatementSecurer securer;

    private PermissionListener(JooqPermissions permissions, Supplier<? extends SessionValues> session, PlainSql plainSql) {
        this.session = Objects.requireNonNull(session, "session");
        this.plainSql = Objects.requireNonNull(plainSql, "plainSql");
        this.securer = new StatementSecurer(Objects.requireNonNull(permissions, "permissions"));
        if (plainSql == PlainSql.PASS) {
            org.jooq.tools.JooqLogger.getLogger(PermissionListener.class).warn("hasura-perms: PermissionListener"
                    + " created with PlainSql.PASS: plain SQL templates run on this DSLContext without any permission"
                    + " filter");
        }
    }

    /**
     * A listener for these permissions and the session the supplier gives when a statement is rendered; plain SQL
     * is refused ({@link PlainSql#REFUSE}).
     *
     * @param permissions the permissions to enforce
     * @param session gives the session of the statement being rendered (for example from a request scope)
     * @return the listener
     */
    public static PermissionListener of(JooqPermissions permissions, Supplier<? extends SessionValues> session) {
        return new PermissionListener(permissions, session, PlainSql.REFUSE);
    }

    /**
     * A listener, with a choice for plain SQL ({@link PlainSql#PASS} is the explicit, logged opt-out).
     *
     * @param permissions the permissions to enforce
     * @param session gives the session of the statement being rendered
     * @param plainSql what to do with a plain-SQL statement or part
     * @return the listener
     */
    public static PermissionListener of(JooqPermissions permissions, Supplier<? extends SessionValues> session,
                                        PlainSql plainSql) {
        return new PermissionListener(permissions, session, plainSql);
    }

    /**
     * A {@link DSLContext} like {@code dsl} (same connection, settings, listeners) whose statements this listener
     * secures. {@code dsl} itself is not changed.
     *
     * @param dsl the context to derive from
     * @return the secured context
     */
    public DSLContext secure(DSLContext dsl) {
        return dsl.configuration().deriveAppending(this).dsl();
    }

    /**
     * {@code PermissionListener.of(permissions, session).secure(dsl)}.
     *
     * @param dsl the context to derive from
     * @param permissions the permissions to enforce
     * @param session gives the session of the statement being rendered
     * @return the secured context
     */
    public static DSLContext secure(DSLContext dsl, JooqPermissions permissions,
                                    Supplier<? extends SessionValues> session) {
        return of(permissions, session).secure(dsl);
    }

    /**
     * The host's plain SQL: the query parts jOOQ's plain SQL API creates ({@code DSL.field/condition/table(String)},
     * {@code dsl.fetch/execute/resultQuery(String)}, {@code DSL.sql} wrapped in those). jOOQ also renders some of its
     * own operators through bare SQL templates; those are not the host's and are not refused.
     */
    private static boolean isPlainSql(QueryPart part) {
        Class<?> c = part.getClass();
        return c.getPackageName().equals("org.jooq.impl") && PLAIN_SQL_PARTS.contains(c.getSimpleName());
    }

    private static final java.util.Set<String> PLAIN_SQL_PARTS = java.util.Set.of("SQLField", "SQLFieldSimple",
            "SQLCondition", "SQLTable", "SQLQuery", "SQLResultQuery");

    /** Secures the statement part jOOQ is about to render (jOOQ calls this; hosts do not). */
    @Override
    public void visitStart(VisitContext ctx) {
        QueryPart part = ctx.queryPart();
        if (!(part instanceof Select<?> || part instanceof QOM.Update<?> || part instanceof QOM.Delete<?>
                || part instanceof TableImpl<?> || part instanceof QOM.Insert<?> || part instanceof Merge<?>
                || part instanceof QOM.Truncate<?> || (plainSql == PlainSql.REFUSE && isPlainSql(part)))) {
            return;
        }
        Configuration c = ctx.configuration();
        if (c != null && Enforced.isMarked(c)) {
            return;
        }
        if (isPlainSql(part)) {
            // rendered without this listener (toString would render through it again)
            String text = org.jooq.impl.DSL.using(org.jooq.SQLDialect.POSTGRES).render(part);
            if (text.equals("*")) {
                return; // jOOQ writes count(*) with a plain SQL asterisk
            }
            throw new UnsecuredStatementException(java.util.Optional.empty(), "plain SQL is refused ("
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text).replaceAll("\\s+", " ") + ";"
                    + " PermissionListener.PlainSql.REFUSE, the default): the listener cannot see which tables it"
                    + " reads; use the DSL, SecureDsl, or opt out explicitly with PlainSql.PASS");
        }
        // One state per execution (jOOQ may render a statement more than once, e.g. for logging), else per rendering.
        ExecuteContext execution = ctx.context().executeContext();
        Map<Object, Object> data = execution != null ? execution.data() : ctx.data();
        StatementSecurer.State state = (StatementSecurer.State) data.get(STATE);
        if (state == null) {
            state = new StatementSecurer.State(session,
                    execution != null && execution.batchMode() == ExecuteContext.BatchMode.SINGLE);
            data.put(STATE, state);
        }
        QueryPart secured = securer.secure(part, ctx, state);
        if (secured != part) {
            ctx.queryPart(secured);
        }
    }
}
