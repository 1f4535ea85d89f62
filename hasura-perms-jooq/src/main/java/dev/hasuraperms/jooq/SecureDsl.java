package dev.hasuraperms.jooq;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.PermissionRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.enforce.PermissionAuditListener;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Reads and writes through jOOQ with a session's Hasura permissions enforced: the entry point of the enforced
 * operations of the jOOQ backend. Each operation takes the session and the table (a generated table,
 * {@code DSL.table(DSL.name("public", "articles"))}, or an alias of either) and returns an immutable builder; the
 * request is validated against the role's permission before any SQL runs, and the statement jOOQ renders carries the
 * permission: the select filter and limit, the insert and update checks evaluated on the written rows, presets,
 * the update and delete filters.
 *
 * <pre>{@code
 * SecureDsl secure = SecureDsl.of(dsl, JooqPermissions.of(checked));
 * Session session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
 * Table<?> a = DSL.table(DSL.name("public", "articles")).as("a");
 * Field<String> title = DSL.field(DSL.name("a", "title"), String.class);
 * Field<Integer> id = DSL.field(DSL.name("a", "id"), Integer.class);
 *
 * // the user's own and the published articles, at most the permission's limit, with the caller's condition
 * Result<Record> rows = secure.select(session, a)
 *         .fields(id, title)
 *         .where(title.like("Java%"))
 *         .orderBy(id.desc())
 *         .limit(20)
 *         .fetch();
 *
 * // author_id must be the session's (the insert check), created_by is preset from the session
 * WriteResult written = secure.insertInto(session, a)
 *         .values(Map.of("author_id", 2, "title", "Hello"))
 *         .returning(id)
 *         .execute();
 *
 * secure.update(session, a).set(title, "Hello again").where(id.eq(written.returning().get(0).get(id))).execute();
 * }</pre>
 *
 * <p><b>Refusals before SQL.</b> No permission for the (role, table, operation), a {@code backend_only} permission
 * outside backend mode ({@link dev.hasuraperms.session.Session#withBackendOnlyPermissions()}):
 * {@link PermissionDeniedException}. A column the role may not read, set or return, a preset column, a field that is
 * not a column of the table: {@link dev.hasuraperms.enforce.ColumnNotAllowedException}. A value that is not valid input
 * for its column: {@link dev.hasuraperms.enforce.InvalidColumnValueException}. A missing or invalid session variable:
 * {@link dev.hasuraperms.session.MissingSessionVariableException} or
 * {@link dev.hasuraperms.session.InvalidSessionVariableException}.
 *
 * <p><b>Writes are atomic.</b> An insert or update runs on one connection of the {@code DSLContext} (from
 * {@link DSLContext#connectionResult}); when that connection is in a transaction (a jOOQ {@code transaction(...)}
 * whose configuration this {@code SecureDsl} was made from, a Spring transaction, a JDBC connection with auto-commit
 * off) the write runs inside a savepoint, otherwise in a transaction of its own. When a written row fails the check,
 * every statement of the call is rolled back (to the savepoint: the caller's earlier work survives) and a
 * {@link dev.hasuraperms.enforce.CheckViolationException} names the failing rows with the evaluator's explanation,
 * computed on the same connection before the rollback. A database error is jOOQ's
 * {@link org.jooq.exception.DataAccessException}, thrown after the same rollback.
 *
 * <p><b>Statements.</b> Every statement runs through jOOQ with this context's configuration (its settings, dialect,
 * execute listeners, bind or inlined values), marked so that the drop-in {@code PermissionListener} leaves it alone.
 * In a jOOQ transaction, make the {@code SecureDsl} from the transaction's configuration:
 * {@code dsl.transaction(cfg -> SecureDsl.of(DSL.using(cfg), permissions).insertInto(...)...)}.
 *
 * <p>Immutable and thread-safe (the builders too: each call returns a new builder).
 */
public final class SecureDsl {

    /** Work done on the connection of an atomic unit, with a marked context bound to it. */
    @FunctionalInterface
    interface AtomicWork<T> {
        T run(DSLContext ctx, Connection connection) throws SQLException;
    }

    private final DSLContext dsl;
    private final DSLContext marked;
    private final JooqPermissions permissions;
    private final Enforcement enforcement;
    /** The trusted admin view ({@code Session.admin()}), made on first use. */
    private volatile SecureDsl admin;

    private SecureDsl(DSLContext dsl, JooqPermissions permissions) {
        this(dsl, permissions, PermissionAuditListener.NONE);
    }

    private SecureDsl(DSLContext dsl, JooqPermissions permissions, PermissionAuditListener listener) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        if (dsl.dialect().family() != SQLDialect.POSTGRES) {
            throw new IllegalArgumentException("the enforced operations write PostgreSQL: use SQLDialect.POSTGRES, not "
                    + dsl.dialect());
        }
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.marked = DSL.using(Enforced.mark(dsl.configuration()));
        this.enforcement = Enforcement.of(permissions.permissions()).withAuditListener(listener);
    }

    /**
     * Enforced operations on {@code dsl} with {@code permissions}. Cheap: make one per transaction if needed.
     *
     * @param dsl the context to run the statements on
     * @param permissions the permissions to enforce
     * @return the enforced operations
     * @throws IllegalArgumentException when {@code dsl}'s dialect is not {@link SQLDialect#POSTGRES} (of any version)
     */
    public static SecureDsl of(DSLContext dsl, JooqPermissions permissions) {
        return new SecureDsl(dsl, permissions);
    }

    /**
     * These enforced operations, telling {@code listener} of every decision: each select, read by primary key,
     * aggregate, computed-field read, function call, native query, insert, update and delete, allowed (before its
     * SQL runs) or refused (with its diagnostic code). See {@link PermissionAuditListener} for when it is called and
     * what its exceptions do (an exception on an allowed operation refuses it).
     *
     * @param listener the listener ({@link PermissionAuditListener#NONE} for none)
     * @return new enforced operations on the same context and permissions, with that listener
     */
    public SecureDsl withAuditListener(PermissionAuditListener listener) {
        return new SecureDsl(dsl, permissions, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The context the statements run on (their configuration is derived from its, and marked as enforced).
     *
     * @return the context; never null
     */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * The permissions enforced.
     *
     * @return the permissions; never null
     */
    public JooqPermissions permissions() {
        return permissions;
    }

    /**
     * A select of {@code table}'s rows the session's role may read: by default every column of its select permission,
     * in table order.
     *
     * @param session the request's session (its role and session variables)
     * @param table the table (a generated table or an alias of one)
     * @return the select builder; nothing runs until it is fetched
     */
    public SecureSelect select(SessionValues session, Table<?> table) {
        return SecureSelect.create(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(table));
    }

    /**
     * A read of native query {@code name} (its root field name) with {@code arguments}, under the session's select
     * permission on the native query's logical model; each argument is a bind value cast to its declared type. See
     * {@link SecureNativeQuery}.
     *
     * @param session   the request's session
     * @param name      the native query's root field name
     * @param arguments the arguments by name (a nullable argument may be left out; see
     *                  {@link dev.hasuraperms.enforce.Enforcement#nativeQuery} for the values accepted)
     * @return the read, to refine and run
     */
    public SecureNativeQuery nativeQuery(SessionValues session, String name, java.util.Map<String, ?> arguments) {
        return SecureNativeQuery.create(forSession(Objects.requireNonNull(session, "session")), session, name, arguments);
    }

    /**
     * A call of the tracked function {@code function}: its rows under the select permission of its return table, if
     * the session's role may call it (see {@link SecureFunction}).
     *
     * @param session  the request's session
     * @param function the tracked function
     * @return the call, to give arguments, columns, conditions, ordering and limit to
     */
    public SecureFunction function(SessionValues session, dev.hasuraperms.names.QualifiedName function) {
        return SecureFunction.create(forSession(Objects.requireNonNull(session, "session")), session, function);
    }

    /**
     * An aggregate read over the rows of a call of the tracked function {@code function} (Hasura's
     * {@code <function>_aggregate}): the rows {@link #function} would read, aggregated; needs
     * {@code allow_aggregations} in the return table's select permission (see {@link SecureFunctionAggregate}).
     *
     * @param session  the request's session
     * @param function the tracked function
     * @return the builder, to give arguments, aggregates, a grouping and a condition to
     */
    public SecureFunctionAggregate functionAggregate(SessionValues session,
                                                     dev.hasuraperms.names.QualifiedName function) {
        return SecureFunctionAggregate.create(forSession(Objects.requireNonNull(session, "session")), session,
                function);
    }

    /**
     * An aggregate read of {@code table} ({@code <table>_aggregate}) under the session's select permission: needs
     * {@code allow_aggregations} (and {@code select_aggregate} among the permission's {@code query_root_fields} when
     * they are listed).
     *
     * @param session the session
     * @param table   the table (generated, by name, or an alias of either)
     * @return the builder
     */
    public SecureAggregate aggregate(SessionValues session, Table<?> table) {
        return SecureAggregate.create(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(table));
    }

    /**
     * A read by primary key of {@code table} (Hasura's {@code select_by_pk} root field) under the session's select
     * permission: {@code select(session, table).byPrimaryKey(key)}; run it with {@link SecureSelect#fetchOptional()}.
     * The role's {@code query_root_fields} must expose {@code select_by_pk}, the table must have a primary key and the
     * role must read all its columns.
     *
     * @param session the session
     * @param table   the table (or an alias of it)
     * @param key     primary key column → value
     * @return the select, not run
     */
    public SecureSelect selectByPk(SessionValues session, Table<?> table, java.util.Map<String, ?> key) {
        return select(session, table).byPrimaryKey(key);
    }

    /**
     * The rows of table computed field {@code field} ({@code SETOF <table>}) of the rows of {@code parent}, read as
     * Hasura reads them: under the returned table's own select permission, for parent rows the role may read.
     * {@code select ... from <parent> as "p", "s"."f"("p".*, <session>, <args>) as "r" where (<parent's select filter>)
     * and (<parentWhere>) and (<r's select filter>) and (<where>) ...}.
     *
     * @param session   the request's session
     * @param parent    the table the computed field is defined on, aliased ({@code AUTHORS.as("p")})
     * @param field     the table computed field
     * @param arguments its input arguments by name
     * @param target    the returned table, aliased differently ({@code ARTICLES.as("r")}): fields and conditions name
     *                  the rows by that alias
     * @return a select of the returned rows; restrict the parents with {@link SecureSelect#parentWhere}
     * @throws dev.hasuraperms.check.PermissionDeniedException without a select permission on the parent
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException when the parent has no such table computed field
     * @throws IllegalArgumentException when {@code target} is not the returned table or the aliases are missing or equal
     */
    public SecureSelect selectComputed(SessionValues session, Table<?> parent, String field,
                                       java.util.Map<String, ?> arguments, Table<?> target) {
        return SecureSelect.computed(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(parent),
                field, arguments, TableRef.of(target));
    }

    /**
     * An insert into {@code table} under the session's insert permission (and its update permission for an upsert).
     *
     * @param session the request's session (its role and session variables)
     * @param table the table (a generated table or an alias of one)
     * @return the insert builder; nothing runs until {@link SecureInsert#execute}
     */
    public SecureInsert insertInto(SessionValues session, Table<?> table) {
        return SecureInsert.create(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(table));
    }

    /**
     * An update of {@code table}'s rows the session's role may update.
     *
     * @param session the request's session (its role and session variables)
     * @param table the table (a generated table or an alias of one)
     * @return the update builder; nothing runs until {@link SecureUpdate#execute}
     */
    public SecureUpdate update(SessionValues session, Table<?> table) {
        return SecureUpdate.create(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(table));
    }

    /**
     * A delete of {@code table}'s rows the session's role may delete.
     *
     * @param session the request's session (its role and session variables)
     * @param table the table (a generated table or an alias of one)
     * @return the delete builder; nothing runs until {@link SecureDelete#execute}
     */
    public SecureDelete deleteFrom(SessionValues session, Table<?> table) {
        return SecureDelete.create(forSession(Objects.requireNonNull(session, "session")), session, TableRef.of(table));
    }

    // -------------------------------------------------------------------------------------------- internals

    /**
     * This, or for a trusted admin session ({@code Session.admin()}) the same over {@link JooqPermissions#forSession}:
     * role {@code admin} has every column and no filter there. A session whose role is {@code admin} without the
     * trusted flag is served here, where {@code admin} has no permission.
     */
    SecureDsl forSession(SessionValues session) {
        JooqPermissions p = permissions.forSession(session);
        if (p == permissions) {
            return this;
        }
        SecureDsl a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = new SecureDsl(dsl, p, enforcement.auditListener());
                    admin = a;
                }
            }
        }
        return a;
    }

    DSLContext marked() {
        return marked;
    }

    Enforcement enforcement() {
        return enforcement;
    }

    CheckedPermissions checked() {
        return permissions.permissions();
    }

    /**
     * Refuses, before anything else is looked at, a request for which the role has no permission or only a
     * {@code backend_only} one outside backend mode (as {@link Enforcement} would; done first so that these refusals
     * come before those of the request's columns).
     */
    void requirePermission(TableRef table, SessionValues session, Operation operation) {
        audited(table, session, operation, () -> {
            requirePermission0(table, session, operation);
            return null;
        });
    }

    /**
     * Runs a step of a write that only refuses (before its plan), reporting a refusal to the audit listener as a
     * refusal of {@code operation}.
     */
    <T> T audited(TableRef table, SessionValues session, Operation operation, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            enforcement.reportRefused(operation == Operation.INSERT ? dev.hasuraperms.enforce.AuditEvent.Kind.INSERT
                    : operation == Operation.UPDATE ? dev.hasuraperms.enforce.AuditEvent.Kind.UPDATE
                    : dev.hasuraperms.enforce.AuditEvent.Kind.DELETE, session.role(), table.name().toString(), e);
            throw e;
        }
    }

    private void requirePermission0(TableRef table, SessionValues session, Operation operation) {
        PermissionRule rule = checked().rule(table.name(), session.role(), operation)
                .orElseThrow(() -> checked().denied(session.role(), table.name(), operation));
        boolean backendOnly = rule instanceof InsertRule i ? i.backendOnly()
                : rule instanceof UpdateRule u ? u.backendOnly()
                : rule instanceof DeleteRule d && d.backendOnly();
        if (backendOnly && !session.backendOnlyPermissions()) {
            throw new PermissionDeniedException(session.role(), table.name(), operation,
                    "the permission is backend_only and this session is not in backend mode");
        }
    }

    /**
     * Runs {@code work} atomically on one connection of the context: in a savepoint when the connection is in a
     * transaction, else in a transaction of its own ({@link Transactions#atomically}).
     */
    <T> T atomically(AtomicWork<T> work) {
        return dsl.connectionResult(c -> Transactions.atomically(c, () -> work.run(
                DSL.using(marked.configuration().derive(new DefaultConnectionProvider(c))), c)));
    }
}
