package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.enforce.PermissionAuditListener;
import dev.hasuraperms.internal.sql.SqlRenderer;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Enforced reads and writes over plain JDBC: selects, inserts (and upserts), updates and deletes that apply the
 * session's Hasura permission the way Hasura does, on the caller's {@link Connection}.
 *
 * <pre>{@code
 * SecureJdbc secure = SecureJdbc.of(JdbcPermissions.of(checked));
 * Session session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
 *
 * // SELECT "e"."id", "e"."type" FROM "public"."events" AS "e"
 * //   WHERE (<select filter>) AND (e.type = ?) ORDER BY "e"."happened_at" DESC LIMIT ?
 * List<Map<String, Object>> golf = secure.select(connection, session, QualifiedName.of("events"))
 *         .alias("e").columns("id", "type")
 *         .where(SqlCondition.of("e.type = ?", "Golf"))
 *         .orderBy(OrderBy.desc("happened_at")).limit(50)      // at most the permission's limit (10)
 *         .fetchMaps();
 *
 * // user_id comes from the session (a preset); the insert check runs on the written rows
 * WriteResult written = secure.insert(connection, session, QualifiedName.of("events"))
 *         .values(Map.of("type", "Golf", "data", Map.of("strokes", 70)))
 *         .returning("id", "user_id")
 *         .execute();
 *
 * int renamed = secure.update(connection, session, QualifiedName.of("users"))
 *         .set("username", "Ace").where(SqlCondition.of("users.id = ?", 2))
 *         .execute().affectedRows();
 * }</pre>
 *
 * <p><b>What each operation does</b> (Hasura's semantics; SQL shapes in {@code docs/enforcement.md}):
 * <ul>
 *   <li>select: rows are the permission's filter AND the caller's conditions; only columns of the permission may be
 *   read or ordered by; the limit is the smaller of the caller's and the permission's, applied after the ordering;
 *   the offset is the caller's;</li>
 *   <li>insert: only insertable columns (preset columns are not: giving one is refused); presets from literals or
 *   session variables; the permission's check is evaluated on every written row in the statement's
 *   {@code RETURNING} (after defaults, presets and triggers); a row fails only where it is FALSE (NULL passes);</li>
 *   <li>upsert ({@link SecureInsert#onConflict}): only with the role's update permission, whose filter, presets and
 *   check apply to the rows it updates;</li>
 *   <li>update: the update filter AND the caller's conditions; only updatable columns; presets forced; the
 *   post-update check as for insert; rows outside the filter are not touched or counted;</li>
 *   <li>delete: the delete filter AND the caller's conditions.</li>
 * </ul>
 *
 * <p><b>Refusals</b> come before any statement is prepared, as typed exceptions: no permission (or a
 * {@code backend_only} one outside backend mode) → {@link dev.hasuraperms.check.PermissionDeniedException}; a column
 * the role may not use → {@link ColumnNotAllowedException}; a value that is not valid for its column →
 * {@link dev.hasuraperms.enforce.InvalidColumnValueException}; a missing or invalid session variable →
 * {@link dev.hasuraperms.session.MissingSessionVariableException} /
 * {@link dev.hasuraperms.session.InvalidSessionVariableException}.
 *
 * <p><b>Transactions.</b> A write whose rows are checked runs atomically on the caller's connection: in auto-commit
 * mode as its own transaction; inside the caller's transaction behind a savepoint, so that a failure undoes this call
 * only and leaves the caller's earlier work (and the decision to commit it) to the caller. When any written row fails
 * the check, every row of the call is rolled back and a {@link dev.hasuraperms.enforce.CheckViolationException}
 * names the failing rows, with the evaluator's explanation of the first {@value #MAX_EXPLAINED}, computed after the
 * roll-back (so never while the write's locks are held; related rows are read as they are without the write). Errors of the
 * database (a constraint violation, ...) propagate as {@link java.sql.SQLException} after the same roll-back.
 *
 * <p><b>Limits.</b> A statement binds at most {@value #MAX_PARAMETERS} parameters and writes at most
 * {@value #MAX_ROWS_PER_STATEMENT} rows: larger inserts are split into several statements inside the same atomic
 * block. Selects apply the cell redaction of inherited roles; the rows a write returns do not, so a write refuses to
 * return a redacted column.
 *
 * <p>Thread-safe; the builders it returns are not (build and run each on one thread).
 */
public final class SecureJdbc {

    /** The most bind parameters of one statement (pgjdbc allows 65,535). */
    public static final int MAX_PARAMETERS = 32_767;

    /** The most rows one insert statement writes. */
    public static final int MAX_ROWS_PER_STATEMENT = 10_000;

    /** The most failing rows of a {@link dev.hasuraperms.enforce.CheckViolationException} that are explained. */
    public static final int MAX_EXPLAINED = 10;

    private final JdbcPermissions permissions;
    private final Enforcement enforcement;
    private final int maxParameters;
    /** The trusted admin view ({@code Session.admin()}), made on first use. */
    private volatile SecureJdbc admin;

    private SecureJdbc(JdbcPermissions permissions, int maxParameters) {
        this(permissions, maxParameters, PermissionAuditListener.NONE);
    }

    private SecureJdbc(JdbcPermissions permissions, int maxParameters, PermissionAuditListener listener) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.enforcement = Enforcement.of(permissions.permissions()).withAuditListener(listener);
        this.maxParameters = maxParameters;
    }

    /**
     * Enforced operations over {@code permissions}.
     *
     * @param permissions the backend that renders the predicates
     * @return the enforced operations
     */
    public static SecureJdbc of(JdbcPermissions permissions) {
        return new SecureJdbc(permissions, MAX_PARAMETERS);
    }

    /**
     * Enforced operations over {@code permissions} (a {@link JdbcPermissions} with the optimizer on).
     *
     * @param permissions the checked permissions
     * @return the enforced operations
     */
    public static SecureJdbc of(CheckedPermissions permissions) {
        return of(JdbcPermissions.of(permissions));
    }

    /** With a smaller parameter budget per statement (tests of the splitting of large inserts). */
    static SecureJdbc of(JdbcPermissions permissions, int maxParameters) {
        if (maxParameters < 1 || maxParameters > MAX_PARAMETERS) {
            throw new IllegalArgumentException("maxParameters must be between 1 and " + MAX_PARAMETERS);
        }
        return new SecureJdbc(permissions, maxParameters);
    }

    /**
     * These enforced operations, telling {@code listener} of every decision: each select, read by primary key,
     * aggregate, computed-field read, function call, native query, insert, update and delete, allowed (before its
     * SQL runs) or refused (with its diagnostic code). See {@link PermissionAuditListener} for when it is called and
     * what its exceptions do (an exception on an allowed operation refuses it).
     *
     * <pre>{@code
     * SecureJdbc secure = SecureJdbc.of(permissions).withAuditListener(new PermissionAuditListener() {
     *     public void onRefused(AuditEvent e) {
     *         refusals.increment(e.role(), e.target(), e.kind().key(), e.code().map(Enum::name).orElse("misuse"));
     *     }
     * });
     * }</pre>
     *
     * @param listener the listener ({@link PermissionAuditListener#NONE} for none)
     * @return new enforced operations over the same backend, with that listener
     */
    public SecureJdbc withAuditListener(PermissionAuditListener listener) {
        return new SecureJdbc(permissions, maxParameters, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The backend whose predicates the statements use.
     *
     * @return the backend; never null
     */
    public JdbcPermissions permissions() {
        return permissions;
    }

    /**
     * The validation of requests against the permissions.
     *
     * @return the enforcement; never null
     */
    public Enforcement enforcement() {
        return enforcement;
    }

    /**
     * A select from {@code table} with {@code session}'s select permission, on {@code connection}.
     *
     * @param connection the caller's connection (used only by the terminal operation)
     * @param session    the request's session (role and variables)
     * @param table      the table
     * @return the select builder; nothing runs until its terminal operation
     */
    public SecureSelect select(Connection connection, SessionValues session, QualifiedName table) {
        return new SecureSelect(forSession(session), connection, session, table);
    }

    /**
     * A read of native query {@code name} (its root field name) with {@code arguments}, under {@code session}'s select
     * permission on the native query's logical model: {@code SELECT <fields> FROM (<code>) AS <alias> WHERE <filter>},
     * each argument a bind parameter cast to its declared type. See {@link SecureNativeQuery}.
     *
     * @param connection the caller's connection (used only by the terminal operation)
     * @param session    the request's session
     * @param name       the native query's root field name
     * @param arguments  the arguments by name (a nullable argument may be left out; see
     *                   {@link dev.hasuraperms.enforce.Enforcement#nativeQuery} for the values accepted)
     * @return the read, to refine and run
     */
    public SecureNativeQuery nativeQuery(Connection connection, SessionValues session, String name,
                                         java.util.Map<String, ?> arguments) {
        return new SecureNativeQuery(forSession(session), connection, session, name, arguments);
    }

    /**
     * A call of the tracked function {@code function}: its rows under the select permission of its return table, if
     * {@code session}'s role may call it (see {@link SecureFunction}).
     *
     * @param connection the caller's connection (used only by the terminal operation)
     * @param session    the request's session (role and variables)
     * @param function   the tracked function
     * @return the call, to give arguments, columns, conditions, ordering and limit to
     */
    public SecureFunction function(Connection connection, SessionValues session, QualifiedName function) {
        return new SecureFunction(forSession(session), connection, session, function);
    }

    /**
     * An aggregate read over the rows of a call of the tracked function {@code function} (Hasura's
     * {@code <function>_aggregate}): the rows {@link #function} would read, aggregated; needs
     * {@code allow_aggregations} in the return table's select permission (see {@link SecureFunctionAggregate}).
     *
     * @param connection the caller's connection (used only by {@link SecureFunctionAggregate#fetch()})
     * @param session    the request's session
     * @param function   the tracked function
     * @return the builder, to give arguments, aggregates, a grouping and conditions to
     */
    public SecureFunctionAggregate functionAggregate(Connection connection, SessionValues session,
                                                     QualifiedName function) {
        return new SecureFunctionAggregate(forSession(session), connection, session, function);
    }

    /**
     * An aggregate read of {@code table} ({@code <table>_aggregate}) with {@code session}'s select permission, on
     * {@code connection}: needs {@code allow_aggregations} (and {@code select_aggregate} among the permission's
     * {@code query_root_fields} when they are listed).
     *
     * @param connection the caller's connection (used only by {@link SecureAggregate#fetch()})
     * @param session    the request's session
     * @param table      the table
     * @return the builder
     */
    public SecureAggregate aggregate(Connection connection, SessionValues session, QualifiedName table) {
        return new SecureAggregate(forSession(session), connection, session, table);
    }

    /**
     * A read by primary key of {@code table} (Hasura's {@code select_by_pk} root field) with {@code session}'s select
     * permission: {@code select(connection, session, table).byPrimaryKey(key)}; run it with
     * {@link SecureSelect#fetchOptional()}. The role's {@code query_root_fields} must expose {@code select_by_pk}, the
     * table must have a primary key and the role must read all its columns.
     *
     * @param connection the connection the statement runs on
     * @param session    the session
     * @param table      the table
     * @param key        primary key column → value
     * @return the select, not run
     */
    public SecureSelect selectByPk(Connection connection, SessionValues session, QualifiedName table, Map<String, ?> key) {
        return select(connection, session, table).byPrimaryKey(key);
    }

    /**
     * The rows of table computed field {@code field} ({@code SETOF <table>}) of the rows of {@code parent}, read as
     * Hasura reads them: a relationship to the returned table, under that table's own select permission (filter,
     * columns, limit, redaction), of parent rows the role may read. The statement is
     * {@code SELECT ... FROM <parent> AS p CROSS JOIN LATERAL f(p.*, <session>, <args>) AS t WHERE (<parent's select
     * filter>) AND (<parent conditions>) AND (<t's select filter>) AND (<conditions>) ...}; restrict the parent rows
     * with {@link SecureSelect#parentWhere}.
     *
     * @param connection the caller's connection (used only by the terminal operation)
     * @param session    the request's session
     * @param parent     the table the computed field is defined on
     * @param field      the table computed field
     * @param arguments  its input arguments by name (Hasura's {@code args}); see {@link SecureSelect#arguments}
     * @return a select of the returned table's rows
     * @throws dev.hasuraperms.check.PermissionDeniedException when the role has no select permission on the parent
     * @throws ColumnNotAllowedException                       when the parent has no such table computed field
     */
    public SecureSelect selectComputed(Connection connection, SessionValues session, QualifiedName parent, String field,
                                       java.util.Map<String, ?> arguments) {
        return SecureSelect.computed(forSession(session), connection, session, parent, field, arguments);
    }

    /**
     * An insert into {@code table} (an upsert with {@link SecureInsert#onConflict}) with {@code session}'s permission.
     *
     * @param connection the caller's connection (used only by the terminal operation, never closed)
     * @param session the request's session (its role and session variables)
     * @param table the table (never null)
     * @return the insert builder; nothing runs until {@link SecureInsert#execute}
     */
    public SecureInsert insert(Connection connection, SessionValues session, QualifiedName table) {
        return new SecureInsert(forSession(session), connection, session, table);
    }

    /**
     * An update of {@code table} with {@code session}'s update permission.
     *
     * @param connection the caller's connection (used only by the terminal operation, never closed)
     * @param session the request's session (its role and session variables)
     * @param table the table (never null)
     * @return the update builder; nothing runs until {@link SecureUpdate#execute}
     */
    public SecureUpdate update(Connection connection, SessionValues session, QualifiedName table) {
        return new SecureUpdate(forSession(session), connection, session, table);
    }

    /**
     * A delete from {@code table} with {@code session}'s delete permission.
     *
     * @param connection the caller's connection (used only by the terminal operation, never closed)
     * @param session the request's session (its role and session variables)
     * @param table the table (never null)
     * @return the delete builder; nothing runs until {@link SecureDelete#execute}
     */
    public SecureDelete delete(Connection connection, SessionValues session, QualifiedName table) {
        return new SecureDelete(forSession(session), connection, session, table);
    }

    // ---------------------------------------------------------------------------------------------- internal

    /**
     * This, or for a trusted admin session ({@code Session.admin()}) the same over
     * {@link JdbcPermissions#forSession}: role {@code admin} has every column and no filter there. A session whose role
     * is {@code admin} without the trusted flag is served here, where {@code admin} has no permission.
     */
    SecureJdbc forSession(SessionValues session) {
        JdbcPermissions p = permissions.forSession(session);
        if (p == permissions) {
            return this;
        }
        SecureJdbc a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = new SecureJdbc(p, maxParameters, enforcement.auditListener());
                    admin = a;
                }
            }
        }
        return a;
    }

    int maxParameters() {
        return maxParameters;
    }

    /**
     * {@code alias} if it can name the rows: the renderer names the rows of its subqueries {@code _hp1},
     * {@code _hp2}, ..., so an alias of that form would capture their references.
     */
    static String checkAlias(String alias) {
        Objects.requireNonNull(alias, "alias");
        if (alias.isEmpty() || alias.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a valid alias: \"" + alias.replace("\0", "\\0") + "\"");
        }
        if (alias.matches(SqlRenderer.ALIAS_PREFIX + "[0-9]+")) {
            throw new IllegalArgumentException("the alias " + alias + " is reserved for the subqueries of permission "
                    + "predicates (" + SqlRenderer.ALIAS_PREFIX + "1, " + SqlRenderer.ALIAS_PREFIX + "2, ...)");
        }
        return alias;
    }

    /** Refuses the columns of {@code rule} that are redacted (inherited roles): writes do not return them. */
    static void refuseRedacted(SelectRule rule, Collection<String> columns) {
        if (rule.redactions().isEmpty()) {
            return;
        }
        for (String c : columns) {
            if (rule.redactions().containsKey(c)) {
                throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.SELECT, c,
                        "it is readable only with cell redaction (an inherited role), which the rows a write returns do not apply");
            }
        }
    }

    /** Whether a rendered predicate is the constant TRUE (then no row can fail it). */
    static boolean isTrue(SqlPredicate p) {
        return p.parameterCount() == 0 && p.sql().equals("TRUE");
    }
}
