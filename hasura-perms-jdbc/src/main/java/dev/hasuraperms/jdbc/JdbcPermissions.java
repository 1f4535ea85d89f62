package dev.hasuraperms.jdbc;

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
import java.util.Optional;

/**
 * The plain-JDBC backend: permission filters and checks as {@link SqlPredicate}s for a table alias and a session.
 * Each (table, role, operation, alias) is rendered once and cached; binding a session then only fills parameters.
 * Thread-safe.
 *
 * <pre>{@code
 * JdbcPermissions permissions = JdbcPermissions.of(checked);
 * SqlPredicate filter = permissions.selectFilter(QualifiedName.of("events"), "e", session);
 * }</pre>
 */
public final class JdbcPermissions {

    private record Key(QualifiedName table, String role, Kind kind, String alias) {
    }

    private record RedactionKey(QualifiedName table, String role, String column, String alias) {
    }

    private final CheckedPermissions permissions;
    private final boolean optimize;
    private final Cache<Key, CompiledPredicate> cache;
    private final Cache<RedactionKey, Optional<CompiledPredicate>> redactions;
    /** Logical-model filters by (model, role, alias). */
    private final Cache<List<String>, CompiledPredicate> models;

    /** Whether this is the trusted admin view of another instance ({@link #forSession}). */
    private final boolean adminView;
    private final long cacheSize;
    /** The trusted admin view, made on first use. */
    private volatile JdbcPermissions admin;

    private JdbcPermissions(CheckedPermissions permissions, boolean optimize, long cacheSize) {
        this(permissions, optimize, cacheSize, false);
    }

    private JdbcPermissions(CheckedPermissions permissions, boolean optimize, long cacheSize, boolean adminView) {
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
    public static JdbcPermissions of(CheckedPermissions permissions) {
        return of(permissions, BackendOptions.DEFAULT);
    }

    /**
     * A backend over checked permissions.
     *
     * @param permissions the checked permissions to render
     * @param options     whether to run the IR optimizer, and how many rendered predicates to keep
     * @return the backend
     */
    public static JdbcPermissions of(CheckedPermissions permissions, BackendOptions options) {
        return new JdbcPermissions(permissions, options.optimize(), options.cacheSize());
    }

    /**
     * The backend a request with {@code session} is served by: this one, or for a trusted admin session
     * ({@code Session.admin()}) one over {@link CheckedPermissions#forSession}, where role {@code admin} has every
     * column and no filter. The methods taking a session call it themselves.
     *
     * @param session the request's session (its role and session variables)
     * @return this backend, or the admin one for a trusted admin session; never null
     */
    public JdbcPermissions forSession(SessionValues session) {
        if (adminView || !session.trustedAdmin()) {
            return this;
        }
        JdbcPermissions a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = new JdbcPermissions(permissions.forSession(session), optimize, cacheSize, true);
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

    // -------------------------------------------------------------------------------------------- compiled forms

    /**
     * The select filter of {@code role} on {@code table}, rendered for rows aliased {@code alias} (empty: the
     * table's qualified name).
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the compiled predicate, cached; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public CompiledPredicate compiledSelectFilter(QualifiedName table, String role, Optional<String> alias) {
        return compiled(table, role, Kind.SELECT_FILTER, alias);
    }

    /**
     * The update filter (rows that may be updated).
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the compiled predicate, cached; never null
     * @throws PermissionDeniedException when the role has no update permission on the table
     */
    public CompiledPredicate compiledUpdateFilter(QualifiedName table, String role, Optional<String> alias) {
        return compiled(table, role, Kind.UPDATE_FILTER, alias);
    }

    /**
     * The delete filter (rows that may be deleted).
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the compiled predicate, cached; never null
     * @throws PermissionDeniedException when the role has no delete permission on the table
     */
    public CompiledPredicate compiledDeleteFilter(QualifiedName table, String role, Optional<String> alias) {
        return compiled(table, role, Kind.DELETE_FILTER, alias);
    }

    /**
     * The insert check, optimized for "does a row fail it" (a row fails only where it is FALSE, as in Hasura).
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the compiled predicate, cached; never null
     * @throws PermissionDeniedException when the role has no insert permission on the table
     */
    public CompiledPredicate compiledInsertCheck(QualifiedName table, String role, Optional<String> alias) {
        return compiled(table, role, Kind.INSERT_CHECK, alias);
    }

    /**
     * The post-update check, likewise.
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the compiled predicate, cached; never null
     * @throws PermissionDeniedException when the role has no update permission on the table
     */
    public CompiledPredicate compiledUpdateCheck(QualifiedName table, String role, Optional<String> alias) {
        return compiled(table, role, Kind.UPDATE_CHECK, alias);
    }

    /**
     * The condition under which {@code role} reads {@code column} of {@code table}, for an inherited role's cell
     * redaction ({@link dev.hasuraperms.check.SelectRule#redactions()}): the cell is
     * {@code CASE WHEN <condition> THEN <column> ELSE NULL END}. Empty when the column is not redacted.
     *
     * @param table the table (never null)
     * @param role the role whose permission is rendered
     * @param column the column of the table
     * @param alias the alias the rows go by in the statement; empty: the table's qualified name
     * @return the condition, or empty when the role reads the column unconditionally
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public Optional<CompiledPredicate> compiledRedaction(QualifiedName table, String role, String column,
                                                         Optional<String> alias) {
        RedactionKey key = new RedactionKey(table, role, column, alias.orElse(""));
        Optional<CompiledPredicate> c = redactions.getIfPresent(key);
        if (c == null) {
            c = redactions.get(key, k -> {
                String root = k.alias().isEmpty() ? SqlIdentifiers.quote(k.table()) : SqlIdentifiers.quote(k.alias());
                return PermissionPredicates.redactionTemplate(permissions, k.table(), k.role(), k.column(), optimize)
                        .map(t -> new CompiledPredicate(t, root));
            });
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------------- bound

    /**
     * The select filter of the session's role on {@code table}, for the table's own rows read as {@code FROM table AS
     * alias} in the statement, bound. For rows from elsewhere use {@link #selectFilterForRows}: one optimizer rewrite
     * looks the row up in the table again by its primary key.
     *
     * @param table the table (never null)
     * @param alias the alias of the rows in the statement, as in {@code FROM table AS alias}
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public SqlPredicate selectFilter(QualifiedName table, String alias, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).selectFilter(table, alias, session);
        }
        return compiledSelectFilter(table, session.role(), aliased(alias)).bind(session);
    }

    /**
     * The select filter of the session's role on {@code table}, for rows aliased {@code alias} that are not read from
     * the table itself in the statement but have its columns: a CTE, a VALUES list, a RETURNING list, a view. Compiled
     * without the rewrites that look a row up in the table again by its primary key.
     *
     * @param table the table (never null)
     * @param alias the alias of the rows in the statement
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public SqlPredicate selectFilterForRows(QualifiedName table, String alias, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).selectFilterForRows(table, alias, session);
        }
        return compiled(table, session.role(), Kind.SELECT_ROWS_FILTER, aliased(alias)).bind(session);
    }

    /**
     * The select filter of the session's role, for rows named by the table's qualified name, bound.
     *
     * @param table the table (never null)
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no select permission on the table
     */
    public SqlPredicate selectFilter(QualifiedName table, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).selectFilter(table, session);
        }
        return compiledSelectFilter(table, session.role(), Optional.empty()).bind(session);
    }

    /**
     * The update filter of the session's role on {@code table}, bound.
     *
     * @param table the table (never null)
     * @param alias the alias of the rows in the statement, as in {@code FROM table AS alias}
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no update permission on the table
     */
    public SqlPredicate updateFilter(QualifiedName table, String alias, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).updateFilter(table, alias, session);
        }
        return compiledUpdateFilter(table, session.role(), aliased(alias)).bind(session);
    }

    /**
     * The delete filter of the session's role on {@code table}, bound.
     *
     * @param table the table (never null)
     * @param alias the alias of the rows in the statement, as in {@code FROM table AS alias}
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no delete permission on the table
     */
    public SqlPredicate deleteFilter(QualifiedName table, String alias, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).deleteFilter(table, alias, session);
        }
        return compiledDeleteFilter(table, session.role(), aliased(alias)).bind(session);
    }

    /**
     * A caller's filter — Hasura's GraphQL {@code where}, as JSON — on the rows of {@code table} aliased {@code alias},
     * as a condition for {@link SecureSelect#where}, {@link SecureUpdate#where} or {@link SecureDelete#where} (AND-ed
     * there with the permission's filter). It is compiled by {@link CallerFilters#compile} with Hasura's rules for a
     * client {@code where}: it may read only the columns of the session role's <em>select</em> permission (also for
     * the {@code where} of an update or a delete, as in Hasura, whose mutation {@code where} is the select
     * boolean-expression type), a relationship sees only the target rows the role may select, and strings are values,
     * never session variables. Its values are bound with casts to their types, like a permission's. Not cached: the
     * filter is rendered on each call.
     *
     * <pre>{@code
     * SqlCondition golf = permissions.callerFilter(EVENTS, "e", session, Json.parse("{\"type\": {\"_eq\": \"Golf\"}}"));
     * secure.select(connection, session, EVENTS).alias("e").where(golf).fetchMaps();
     * }</pre>
     *
     * @param table the table (never null)
     * @param alias the alias of the rows in the statement
     * @param session the request's session (its role and session variables)
     * @param where the caller's filter, a Hasura boolean expression as JSON
     * @return the condition, with its values bound; never null
     * @throws PermissionDeniedException                    when the role has no select permission on the table
     * @throws CallerFilters.InvalidCallerFilterException   when the filter is malformed or names what the role may not
     *                                                      read
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable a related table's filter needs
     *                                                      is missing or invalid
     */
    public SqlCondition callerFilter(QualifiedName table, String alias, SessionValues session, JsonValue where) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).callerFilter(table, alias, session, where);
        }
        Objects.requireNonNull(where, "where");
        Predicate p = CallerFilters.compile(permissions, table, session.role(), where);
        SqlPredicate bound = render(p, SqlIdentifiers.quote(SecureJdbc.checkAlias(alias)), optimize,
                permissions.schema().serverMajorVersion()).bind(session);
        return SqlCondition.ofPredicate(bound);
    }

    // ----------------------------------------------------------------------------------------------- internal

    private CompiledPredicate compiled(QualifiedName table, String role, Kind kind, Optional<String> alias) {
        Key key = new Key(table, role, kind, alias.orElse(""));
        CompiledPredicate c = cache.getIfPresent(key);
        if (c == null) {
            c = cache.get(key, this::render);
        }
        return c;
    }

    private CompiledPredicate render(Key key) {
        String root = key.alias().isEmpty() ? SqlIdentifiers.quote(key.table()) : SqlIdentifiers.quote(key.alias());
        return new CompiledPredicate(PermissionPredicates.template(permissions, key.table(), key.role(), key.kind(),
                optimize), root);
    }

    /**
     * The select filter of the session's role on logical model {@code model}, for rows aliased {@code alias} that have
     * the model's fields as columns (a native query's output, a view, a CTE, a {@code VALUES} list), bound.
     *
     * @param model the name of the logical model
     * @param alias the alias of the rows in the statement
     * @param session the request's session (its role and session variables)
     * @return the bound predicate; never null
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public SqlPredicate logicalModelFilter(String model, String alias, SessionValues session) {
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).logicalModelFilter(model, alias, session);
        }
        return models.get(List.of(model, session.role(), Objects.requireNonNull(alias, "alias")), k -> new CompiledPredicate(
                PermissionPredicates.logicalModelTemplate(permissions, model, session.role(), optimize),
                SqlIdentifiers.quote(alias))).bind(session);
    }

    /**
     * The condition under which the session's role reads field {@code field} of logical model {@code model} (an
     * inherited role's cell redaction), for rows aliased {@code alias}, bound; empty when the field is not redacted.
     * Not cached.
     *
     * @param model   the logical model
     * @param field   the field
     * @param alias   the alias of the rows
     * @param session the session
     * @return the bound condition
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public Optional<SqlPredicate> logicalModelRedaction(String model, String field, String alias, SessionValues session) {
        Objects.requireNonNull(alias, "alias");
        if (session.trustedAdmin() && !adminView) {
            return forSession(session).logicalModelRedaction(model, field, alias, session);
        }
        return PermissionPredicates.logicalModelRedactionTemplate(permissions, model, session.role(), field, optimize)
                .map(t -> new CompiledPredicate(t, SqlIdentifiers.quote(alias)).bind(session));
    }

    /** {@code alias}, present; a null alias is refused with a message naming the parameter. */
    private static Optional<String> aliased(String alias) {
        return Optional.of(Objects.requireNonNull(alias, "alias"));
    }

    /** Renders any predicate (for example a caller's filter compiled by the checker) for rows aliased {@code rootSql}. */
    static CompiledPredicate render(Predicate p, String quotedRoot, boolean optimize, int serverMajor) {
        return new CompiledPredicate(SqlRenderer.render(optimize ? Optimizer.optimizeFilter(p) : p, serverMajor),
                quotedRoot);
    }
}
