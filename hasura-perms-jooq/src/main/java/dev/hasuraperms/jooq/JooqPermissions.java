package dev.hasuraperms.jooq;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.internal.sql.PermissionPredicates;
import dev.hasuraperms.internal.sql.PermissionPredicates.Kind;
import dev.hasuraperms.internal.sql.SqlRenderer;
import dev.hasuraperms.ir.Optimizer;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Table;

/**
 * The jOOQ backend: permission filters and checks as jOOQ {@link Condition}s for a table reference and a session,
 * to put in a host's {@code .where(...)} or {@code .and(...)}.
 *
 * <pre>{@code
 * JooqPermissions permissions = JooqPermissions.of(checked);
 * Events e = EVENTS.as("e");
 * ctx.selectFrom(e).where(permissions.selectCondition(e, session)).and(e.TYPE.eq("click")).fetch();
 * }</pre>
 *
 * <p>The table may be a generated table, {@code DSL.table(DSL.name("public", "events"))}, or an alias of either: the
 * condition names the rows the way the host's query does. Each (table, role, predicate) is rendered once and cached;
 * building a condition then parses the session's values and creates the bind parameters. The condition renders with
 * the host's settings (bind or inlined values, quoting, schema mapping of the tables its subqueries read).
 * Thread-safe.
 */
public final class JooqPermissions {

    private record Key(QualifiedName table, String role, Kind kind) {
    }

    private record RedactionKey(QualifiedName table, String role, String column) {
    }

    private final CheckedPermissions permissions;
    private final boolean optimize;
    private final Cache<Key, JooqTemplate> cache;
    private final Cache<RedactionKey, java.util.Optional<JooqTemplate>> redactions;
    /** Logical-model filters by (model, role). */
    private final Cache<List<String>, JooqTemplate> models;

    /** Whether this is the trusted admin view of another instance ({@link #forSession}). */
    private final boolean adminView;
    private final long cacheSize;
    /** The trusted admin view, made on first use. */
    private volatile JooqPermissions admin;

    private JooqPermissions(CheckedPermissions permissions, boolean optimize, long cacheSize) {
        this(permissions, optimize, cacheSize, false);
    }

    private JooqPermissions(CheckedPermissions permissions, boolean optimize, long cacheSize, boolean adminView) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.adminView = adminView;
        this.cacheSize = cacheSize;
        this.optimize = optimize;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.redactions = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.models = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * A backend over checked permissions, with the optimizer on ({@link BackendOptions#DEFAULT}).
     *
     * @param permissions the checked permissions to render
     * @return the backend, with a cache of 10,000 rendered predicates
     */
    public static JooqPermissions of(CheckedPermissions permissions) {
        return of(permissions, BackendOptions.DEFAULT);
    }

    /**
     * A backend over checked permissions.
     *
     * @param permissions the checked permissions to render
     * @param options     whether to run the IR optimizer, and how many rendered predicates to keep
     * @return the backend
     */
    public static JooqPermissions of(CheckedPermissions permissions, BackendOptions options) {
        return new JooqPermissions(permissions, options.optimize(), options.cacheSize());
    }

    /**
     * The backend a request with {@code session} is served by: this one, or for a trusted admin session
     * ({@code Session.admin()}) one over {@link CheckedPermissions#forSession}, where role {@code admin} has every
     * column and no filter. The methods taking a session call it themselves.
     *
     * @param session the request's session (its role and session variables)
     * @return this backend, or the admin one for a trusted admin session; never null
     */
    public JooqPermissions forSession(SessionValues session) {
        if (adminView || !session.trustedAdmin()) {
            return this;
        }
        JooqPermissions a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = new JooqPermissions(permissions.forSession(session), optimize, cacheSize, true);
                    admin = a;
                }
            }
        }
        return a;
    }

    /**
     * The checked permissions this backend renders.
     *
     * @return the checked permissions; never null
     */
    public CheckedPermissions permissions() {
        return permissions;
    }

    /**
     * The rows of {@code table} the session's role may select. {@code table} must be the table itself (aliased or
     * not) as the statement reads it; for rows from elsewhere (a CTE, a VALUES list, a RETURNING list, a view with the
     * table's columns) use {@link #selectCondition(QualifiedName, Table, SessionValues)}: one optimizer rewrite looks
     * the row up in the table again by its primary key.
     *
     * @param table the table (a generated table, {@code DSL.table(name)}, or an alias of either), as the statement names its rows
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable is missing or invalid
     */
    public Condition selectCondition(Table<?> table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).selectCondition(table, session);
        }
        return condition(table, session, Kind.SELECT_FILTER);
    }

    /**
     * The rows of {@code table} the session's role may update (the update permission's filter).
     *
     * @param table the table (a generated table, {@code DSL.table(name)}, or an alias of either), as the statement names its rows
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no update permission on the table
     */
    public Condition updateCondition(Table<?> table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).updateCondition(table, session);
        }
        return condition(table, session, Kind.UPDATE_FILTER);
    }

    /**
     * The rows of {@code table} the session's role may delete.
     *
     * @param table the table (a generated table, {@code DSL.table(name)}, or an alias of either), as the statement names its rows
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no delete permission on the table
     */
    public Condition deleteCondition(Table<?> table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).deleteCondition(table, session);
        }
        return condition(table, session, Kind.DELETE_FILTER);
    }

    /**
     * The insert check for rows named by {@code table}. A row fails it only where it is FALSE (NULL passes, as in
     * Hasura), so use it as {@code NOT (check) IS TRUE}-style tests with care; the enforced writes do.
     *
     * @param table the table, as the statement names the rows to check
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no insert permission on the table
     */
    public Condition insertCheck(Table<?> table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).insertCheck(table, session);
        }
        return condition(table, session, Kind.INSERT_CHECK);
    }

    /**
     * The post-update check for rows named by {@code table}; likewise.
     *
     * @param table the table, as the statement names the updated rows
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no update permission on the table
     */
    public Condition updateCheck(Table<?> table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).updateCheck(table, session);
        }
        return condition(table, session, Kind.UPDATE_CHECK);
    }

    /**
     * The select filter of the metadata table {@code table} for rows the host names {@code rows}: a view, a CTE, a
     * derived table, a VALUES or RETURNING list with the table's columns (compiled without the rewrites that look a
     * row up in the table again).
     *
     * @param table the metadata table whose select permission applies
     * @param rows the host's name for the rows (a view, a CTE, a derived table...)
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public Condition selectCondition(QualifiedName table, Table<?> rows, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).selectCondition(table, rows, session);
        }
        return template(table, session.role(), Kind.SELECT_ROWS_FILTER).condition(rows, session);
    }

    /**
     * The select filter of the session's role on logical model {@code model}, for rows the host names {@code rows}
     * that have the model's fields as columns: a native query's output, a view, a CTE, a {@code VALUES} list.
     *
     * @param model the name of the logical model
     * @param rows the host's name for the rows
     * @param session the request's session (its role and session variables)
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public Condition logicalModelCondition(String model, Table<?> rows, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).logicalModelCondition(model, rows, session);
        }
        return models.get(List.of(model, session.role()), k -> new JooqTemplate(
                PermissionPredicates.logicalModelTemplate(permissions, model, session.role(), optimize)))
                .condition(rows, session);
    }

    /**
     * The condition under which the session's role reads field {@code field} of logical model {@code model} (an
     * inherited role's cell redaction), for rows the host names {@code rows}; empty when the field is not redacted.
     *
     * @param model   the logical model
     * @param field   the field
     * @param rows    the rows (a native query's output, a view, a CTE, ...)
     * @param session the session
     * @return the condition
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public java.util.Optional<Condition> logicalModelRedactionCondition(String model, String field, Table<?> rows,
                                                                       SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).logicalModelRedactionCondition(model, field, rows, session);
        }
        RedactionKey key = new RedactionKey(QualifiedName.of("pg_logical_model", model), session.role(), field);
        java.util.Optional<JooqTemplate> t = redactions.getIfPresent(key);
        if (t == null) {
            t = redactions.get(key, k -> PermissionPredicates.logicalModelRedactionTemplate(permissions, model, k.role(),
                    field, optimize).map(JooqTemplate::new));
        }
        return t.map(x -> x.condition(rows, session));
    }

    /**
     * The condition under which the session's role reads {@code column} of {@code table} (an inherited role's cell
     * redaction, {@link dev.hasuraperms.check.SelectRule#redactions()}), naming the rows the way {@code table} does:
     * the cell is {@code CASE WHEN <condition> THEN <column> END}. Empty when the column is not redacted.
     *
     * @param table the table (a generated table, {@code DSL.table(name)}, or an alias of either), as the statement names its rows
     * @param column the column of the table
     * @param session the request's session (its role and session variables)
     * @return the condition, or empty when the role reads the column unconditionally
     * @throws PermissionDeniedException when the role has no select permission on the table
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable is missing or invalid
     */
    public java.util.Optional<Condition> redactionCondition(Table<?> table, String column, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).redactionCondition(table, column, session);
        }
        return redactionCondition(tableName(table), table, column, session);
    }

    /** Like {@link #redactionCondition(Table, String, SessionValues)}, for rows {@code rows} of table {@code name}. */
    java.util.Optional<Condition> redactionCondition(QualifiedName name, Table<?> table, String column,
                                                     SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).redactionCondition(name, table, column, session);
        }
        RedactionKey key = new RedactionKey(name, session.role(), column);
        java.util.Optional<JooqTemplate> t = redactions.getIfPresent(key);
        if (t == null) {
            t = redactions.get(key, k -> PermissionPredicates.redactionTemplate(permissions, k.table(), k.role(),
                    k.column(), optimize).map(JooqTemplate::new));
        }
        return t.map(x -> x.condition(table, session));
    }

    /**
     * A caller's filter — Hasura's GraphQL {@code where}, as JSON — on the rows {@code table} names, as a jOOQ
     * condition for {@code SecureDsl}'s {@code where} (AND-ed there with the permission's filter) or a host's own query
     * (then AND it with {@link #selectCondition} yourself). It is compiled by {@link CallerFilters#compile} with
     * Hasura's rules for a client {@code where}: it may read only the columns of the session role's <em>select</em>
     * permission (also for the {@code where} of an update or a delete, as in Hasura, whose mutation {@code where} is
     * the select boolean-expression type), a relationship sees only the target rows the role may select, and strings
     * are values, never session variables. Its values are bind parameters cast to their types. Not cached.
     *
     * @param table the table (a generated table, {@code DSL.table(name)}, or an alias of either), as the statement names its rows
     * @param session the request's session (its role and session variables)
     * @param where the caller's filter, a Hasura boolean expression as JSON
     * @return the condition, its values bind parameters; never null
     * @throws PermissionDeniedException                    when the role has no select permission on the table
     * @throws CallerFilters.InvalidCallerFilterException   when the filter is malformed or names what the role may not
     *                                                      read
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable a related table's filter needs
     *                                                      is missing or invalid
     */
    public Condition callerCondition(Table<?> table, SessionValues session, JsonValue where) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).callerCondition(table, session, where);
        }
        Objects.requireNonNull(where, "where");
        Predicate p = CallerFilters.compile(permissions, tableName(table), session.role(), where);
        return new JooqTemplate(SqlRenderer.render(optimize ? Optimizer.optimizeFilter(p) : p,
                permissions.schema().serverMajorVersion())).condition(table, session);
    }

    private Condition condition(Table<?> table, SessionValues session, Kind kind) {
        return template(tableName(table), session.role(), kind).condition(table, session);
    }

    JooqTemplate template(QualifiedName table, String role, Kind kind) {
        Key key = new Key(table, role, kind);
        JooqTemplate t = cache.getIfPresent(key);
        if (t == null) {
            t = cache.get(key, k -> new JooqTemplate(PermissionPredicates.template(permissions, k.table(), k.role(),
                    k.kind(), optimize)));
        }
        return t;
    }

    /**
     * The metadata name of a jOOQ table: an alias stands for the table it aliases (also an alias of a generated table,
     * {@code ARTICLES.as("a")}); a table without a schema is in {@code public}.
     *
     * @param table a named jOOQ table or an alias of one
     * @return the table's name in the metadata
     * @throws IllegalArgumentException for a table that is not a named table (a join, a derived table, plain SQL)
     */
    public static QualifiedName tableName(Table<?> table) {
        return JooqTables.named(table).orElseThrow(() -> new IllegalArgumentException("not a named table: " + table));
    }
}
