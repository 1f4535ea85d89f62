package dev.hasuraperms.enforce;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.eval.RelationResolver;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates what a caller asks of a table against the session's permission, before any SQL: which permission applies
 * (none, or a {@code backend_only} one outside backend mode, is a {@link PermissionDeniedException}), which columns may
 * be read or written ({@link ColumnNotAllowedException}), what values the columns get ({@link InvalidColumnValueException}
 * for one that is not valid input; presets resolved from literals or session variables), the limit. The result is a
 * plan a backend renders as SQL. Thread-safe.
 */
public final class Enforcement {

    /** The most grouping columns of an aggregate read (each is two arguments of a {@code json_build_object}). */
    public static final int MAX_GROUP_BY = 50;

    /** Refusals at DEBUG, allowed operations at TRACE, a failing {@link PermissionAuditListener} at WARN. */
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.hasuraperms.audit");

    private final CheckedPermissions permissions;
    private final PermissionAuditListener listener;

    private Enforcement(CheckedPermissions permissions, PermissionAuditListener listener) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Enforcement of these permissions.
     *
     * @param permissions checked permissions (from {@code PermissionChecker}); never null
     * @return an enforcement of {@code permissions}, never null
     */
    public static Enforcement of(CheckedPermissions permissions) {
        return new Enforcement(permissions, PermissionAuditListener.NONE);
    }

    /**
     * This enforcement, telling {@code listener} of every decision of the operations validated here (see
     * {@link PermissionAuditListener} for when it is called and what its exceptions do).
     *
     * @param listener the listener ({@link PermissionAuditListener#NONE} for none)
     * @return a new enforcement of the same permissions with that listener
     */
    public Enforcement withAuditListener(PermissionAuditListener listener) {
        return new Enforcement(permissions, listener);
    }

    /**
     * The listener told of the decisions ({@link PermissionAuditListener#NONE} unless one was registered).
     *
     * @return the listener
     */
    public PermissionAuditListener auditListener() {
        return listener;
    }

    /**
     * Reports a refusal made by a backend after this class allowed the operation (the check on written rows, a
     * computed-field read refused before its plan): logged at DEBUG (logger {@code dev.hasuraperms.audit}, with the
     * code, never the exception's message) and passed to the listener, whose exceptions are logged and swallowed.
     *
     * @param kind    the kind of operation
     * @param role    the session's role
     * @param target  the table, function or native query
     * @param refusal the exception the caller will get
     */
    public void reportRefused(AuditEvent.Kind kind, String role, String target, RuntimeException refusal) {
        AuditEvent event = AuditEvent.refused(role, target, kind,
                refusal instanceof HasuraPermsException h ? Optional.of(h.code()) : Optional.empty());
        if (AUDIT.isDebugEnabled()) {
            AUDIT.debug("refused {} on {} for role {}: {}", kind.key(), target, role,
                    event.code().map(Enum::name).orElse(refusal.getClass().getSimpleName()));
        }
        try {
            listener.onRefused(event);
        } catch (RuntimeException e) {
            AUDIT.warn("the audit listener failed on a refused {} on {} for role {}; the refusal stands",
                    kind.key(), target, role, e);
            refusal.addSuppressed(e);
        }
    }

    /**
     * Reports an allowed operation, before its SQL runs: logged at TRACE and passed to the listener.
     *
     * @param kind   the kind of operation
     * @param role   the session's role
     * @param target the table, function or native query
     * @throws IllegalStateException when the listener throws: the operation is refused (fail closed)
     */
    public void reportAllowed(AuditEvent.Kind kind, String role, String target) {
        AUDIT.trace("allowed {} on {} for role {}", kind.key(), target, role);
        try {
            listener.onAllowed(AuditEvent.allowed(role, target, kind));
        } catch (RuntimeException e) {
            AUDIT.warn("the audit listener failed on an allowed {} on {} for role {}; the operation is refused",
                    kind.key(), target, role, e);
            throw new IllegalStateException("the audit listener failed on an allowed " + kind.key() + " on " + target
                    + "; the operation is refused", e);
        }
    }

    /** Runs a decision, reporting its refusal or (then) its allowance. */
    private <T> T audited(AuditEvent.Kind kind, String role, String target, Supplier<T> decision) {
        T result = refusals(kind, role, target, decision);
        reportAllowed(kind, role, target);
        return result;
    }

    /** Runs a check that only refuses (a step of an operation already allowed), reporting its refusal. */
    private <T> T refusals(AuditEvent.Kind kind, String role, String target, Supplier<T> decision) {
        try {
            return decision.get();
        } catch (RuntimeException e) {
            reportRefused(kind, role, target, e);
            throw e;
        }
    }

    /** {@return the permissions enforced} */
    public CheckedPermissions permissions() {
        return permissions;
    }

    // ------------------------------------------------------------------------------------------------- select

    /**
     * {@return a select of {@code columns} (empty: every column the role may read, in table order) with the caller's
     * {@code limit} (empty: none)}
     *
     * @param table the table read; never null
     * @param session the caller's role and session variables; never null
     * @param columns the columns to read, by name; empty for every column the role may read
     * @param limit the caller's row limit; empty for none (the permission's limit still applies)
     * @throws PermissionDeniedException when the role has no select permission on {@code table}
     * @throws ColumnNotAllowedException for a column the role may not read
     */
    public SelectPlan select(QualifiedName table, SessionValues session, List<String> columns, OptionalInt limit) {
        return select(table, session, RootField.SELECT, columns, limit);
    }

    /**
     * A select through the query root field {@code field} ({@link RootField#SELECT} for a list,
     * {@link RootField#SELECT_BY_PK} for a read by primary key), refused as {@link #rootField} refuses it, of
     * {@code columns} (empty: every readable column) with the caller's {@code limit} (empty: none).
     *
     * @param table   the table read
     * @param session the session
     * @param field   the query root field the read stands for
     * @param columns the columns to read; empty for all readable ones
     * @param limit   the caller's limit
     * @return the plan
     * @throws PermissionDeniedException when the role has no select permission or the root field is not exposed
     * @throws ColumnNotAllowedException for a column the role may not read
     */
    public SelectPlan select(QualifiedName table, SessionValues session, RootField field, List<String> columns,
                             OptionalInt limit) {
        AuditEvent.Kind kind = field == RootField.SELECT_BY_PK ? AuditEvent.Kind.SELECT_BY_PK
                : field == RootField.SELECT_AGGREGATE ? AuditEvent.Kind.AGGREGATE : AuditEvent.Kind.SELECT;
        return audited(kind, session.role(), table.toString(), () -> plan(rootField(table, session, field), columns,
                limit));
    }

    /**
     * A select of the rows of table computed field {@code field} of {@code parent}'s rows (Hasura's
     * {@code <parent>(where: ...) { <field>(args: ...) { ... } }}): the parent's rows are a list read, so its
     * {@code query_root_fields} must expose {@code select}; the field's rows are read under the select permission of
     * {@code table}, its return table, whose root fields do not matter (Hasura builds the field from that permission
     * alone, as a relationship: {@code computedFieldPG} in {@code Hasura/Backends/Postgres/Schema/Select.hs}).
     *
     * @param parent  the table whose computed field is read
     * @param table   the computed field's return table
     * @param session the session
     * @param columns the columns to read; empty for all readable ones
     * @param limit   the caller's limit
     * @return the plan
     * @throws PermissionDeniedException when the role has no select permission on either table, or the parent's
     *                                   {@code query_root_fields} do not expose {@code select}
     * @throws ColumnNotAllowedException for a column the role may not read
     */
    public SelectPlan selectComputed(QualifiedName parent, QualifiedName table, SessionValues session,
                                     List<String> columns, OptionalInt limit) {
        return audited(AuditEvent.Kind.COMPUTED_ROWS, session.role(), table.toString(), () -> {
            rootField(parent, session, RootField.SELECT);
            SelectRule rule = permissions.select(table, session.role())
                    .orElseThrow(() -> permissions.denied(session.role(), table, Operation.SELECT));
            return plan(rule, columns, limit);
        });
    }

    private SelectPlan plan(SelectRule rule, List<String> columns, OptionalInt limit) {
        List<String> read = readable0(rule, columns);
        OptionalInt effective = limit;
        if (limit.isPresent() && limit.getAsInt() < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit.getAsInt());
        }
        if (rule.limit().isPresent()) {
            int permitted = rule.limit().get();
            effective = OptionalInt.of(limit.isPresent() ? Math.min(limit.getAsInt(), permitted) : permitted);
        }
        return new SelectPlan(rule, read, effective);
    }

    /**
     * An aggregate read ({@code <table>_aggregate}) of {@code aggregates}, grouped by {@code groupBy} (empty: none).
     * As in Hasura: the role's select permission must have {@code allow_aggregations}, and its
     * {@code query_root_fields}, when listed, must include {@code select_aggregate}; every column named must be
     * readable by the role; numeric functions apply to numeric columns, {@code min}/{@code max} to comparable ones.
     * The permission's {@code limit} does not cap the rows aggregated (Hasura applies it only to {@code nodes}).
     *
     * @param table      the table
     * @param session    the session
     * @param aggregates the aggregates (at least one; at most one {@code count})
     * @param groupBy    the columns to group by
     * @return the plan
     * @throws PermissionDeniedException         without a select permission, without {@code allow_aggregations}, or
     *                                           when {@code query_root_fields} leaves out {@code select_aggregate}
     * @throws ColumnNotAllowedException         for a column the role may not read
     * @throws AggregateNotApplicableException   for a function that does not apply to its column's type
     * @throws IllegalArgumentException          for no aggregate, two counts, or more than {@value #MAX_GROUP_BY}
     *                                           grouping columns
     */
    public AggregatePlan aggregate(QualifiedName table, SessionValues session, List<Aggregate> aggregates,
                                   List<String> groupBy) {
        return audited(AuditEvent.Kind.AGGREGATE, session.role(), table.toString(),
                () -> aggregatePlan(table, session, aggregates, groupBy));
    }

    private AggregatePlan aggregatePlan(QualifiedName table, SessionValues session, List<Aggregate> aggregates,
                                        List<String> groupBy) {
        // One rule for the root field: query_root_fields must expose select_aggregate, and allow_aggregations.
        SelectRule rule = rootField(table, session, RootField.SELECT_AGGREGATE);
        return aggregatePlan(rule, table, aggregates, groupBy);
    }

    /** Validates the aggregates and the grouping of an aggregate read of {@code table}'s rows under {@code rule}. */
    private AggregatePlan aggregatePlan(SelectRule rule, QualifiedName table, List<Aggregate> aggregates,
                                        List<String> groupBy) {
        if (aggregates.isEmpty()) {
            throw new IllegalArgumentException("an aggregate read needs at least one aggregate");
        }
        if (groupBy.size() > MAX_GROUP_BY) {
            throw new IllegalArgumentException("at most " + MAX_GROUP_BY + " grouping columns, not " + groupBy.size());
        }
        if (aggregates.stream().filter(a -> a.function() == Aggregate.Function.COUNT).count() > 1) {
            throw new IllegalArgumentException("an aggregate read has at most one count");
        }
        Table t = table(table);
        Map<String, PgType> types = new LinkedHashMap<>();
        List<String> named = new ArrayList<>(groupBy);
        aggregates.forEach(a -> named.addAll(a.columns()));
        for (String c : named) {
            // Columns only: Hasura's aggregate fields and group_by take no computed field.
            readableColumns0(rule, List.of(c));
            types.put(c, t.column(c).orElseThrow().type());
        }
        for (Aggregate a : aggregates) {
            if (a.function() != Aggregate.Function.COUNT) {
                String c = a.columns().get(0);
                String why = notApplicable(a.function(), types.get(c));
                if (why != null) {
                    throw new AggregateNotApplicableException(table, a.function(), c, why);
                }
            }
        }
        return new AggregatePlan(rule, aggregates, groupBy, types);
    }

    /**
     * Why Hasura does not offer {@code f} on a column of type {@code type} (or PostgreSQL cannot compute it), or null.
     * Hasura ({@code Hasura.Backends.Postgres.SQL.Types}): numeric operators on {@code isNumType} (int2, int4, int8,
     * float4, float8, numeric, money), {@code max}/{@code min} on {@code isComparableType} (known scalar types but
     * json, jsonb, geometry, geography, boolean; types Hasura does not know, such as time, interval, bytea, inet,
     * are not comparable there).
     */
    static String notApplicable(Aggregate.Function f, PgType type) {
        String base = type instanceof PgType.Base b ? b.name().name() : "";
        boolean money = base.equals("money");
        boolean numeric = switch (base) {
            case "int2", "int4", "int8", "float4", "float8", "numeric", "money" -> true;
            default -> false;
        };
        if (f.numeric()) {
            if (!numeric) {
                return "Hasura offers " + f.key() + " only on numeric columns, not " + type.displayName();
            }
            if (money && f != Aggregate.Function.SUM) {
                return "PostgreSQL has no " + f.key() + " of money";
            }
            return null;
        }
        boolean comparable = numeric || type instanceof PgType.Enum || type instanceof PgType.Array
                || switch (base) {
                    case "text", "varchar", "bpchar", "citext", "date", "timestamp", "timestamptz", "timetz" -> true;
                    default -> false;
                };
        if (type instanceof PgType.Array a && notApplicable(f, a.element()) != null) {
            comparable = false;
        }
        return comparable ? null : "Hasura offers " + f.key() + " only on comparable columns (numbers, strings, dates"
                + " and times with a zone, enums), not " + type.displayName();
    }

    /**
     * The select permission of {@code session}'s role on {@code table}, when it exposes the query root field
     * {@code field} (Hasura's {@code query_root_fields}; an absent list exposes every query root field). A read of
     * this library stands for a query root field: a list read for {@code select}, a read by primary key for
     * {@code select_by_pk}, an aggregate for {@code select_aggregate}. {@code select_by_pk} also needs a primary key
     * whose columns the role may all read, and {@code select_aggregate} needs {@code allow_aggregations}, as Hasura
     * builds those fields only then. Reads through relationships (the filters of other permissions) are not root
     * fields and are never refused here.
     *
     * @param table   the table read
     * @param session the session
     * @param field   the query root field the read stands for
     * @return the select permission
     * @throws PermissionDeniedException (code {@code NO_PERMISSION}) when the role has no select permission on the
     *                                   table or the permission does not expose {@code field}
     */
    public SelectRule rootField(QualifiedName table, SessionValues session, RootField field) {
        Objects.requireNonNull(field, "field");
        SelectRule rule = permissions.select(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.SELECT));
        if (field == RootField.SELECT_STREAM) {
            throw new IllegalArgumentException("select_stream is a subscription root field, not a query root field");
        }
        if (!rule.queryRootFields().contains(field)) {
            throw new PermissionDeniedException(session.role(), table, Operation.SELECT, "its query_root_fields do not"
                    + " expose " + field.key() + (rule.queryRootFields().isEmpty()
                    ? " (none is exposed: the table is readable only through relationships)"
                    : " (exposed: " + rule.queryRootFields().stream().map(RootField::key).sorted().toList() + ")"));
        }
        if (field == RootField.SELECT_AGGREGATE && !rule.allowAggregations()) {
            throw new PermissionDeniedException(session.role(), table, Operation.SELECT,
                    "select_aggregate needs allow_aggregations: true in the select permission");
        }
        if (field == RootField.SELECT_BY_PK) {
            List<String> pk = table(table).primaryKeyColumns();
            if (pk.isEmpty()) {
                throw new PermissionDeniedException(session.role(), table, Operation.SELECT,
                        "select_by_pk needs a primary key and the table has none");
            }
            for (String c : pk) {
                if (!rule.columns().contains(c)) {
                    throw new PermissionDeniedException(session.role(), table, Operation.SELECT, "select_by_pk needs"
                            + " every primary key column to be readable and " + c + " is not in the permission's columns");
                }
            }
        }
        return rule;
    }

    /**
     * The values of a read by primary key, read as the primary key columns' types: {@code key} names every column of
     * the primary key of {@code table} and no other.
     *
     * @param table the table
     * @param key   primary key column → value (see {@link ColumnValues} for the values accepted); null is refused
     * @return column → canonical value, in the primary key's order
     * @throws IllegalArgumentException     when {@code key} does not name exactly the primary key columns, or gives
     *                                      one a null
     * @throws InvalidColumnValueException  when a value is not valid input for its column's type
     */
    public Map<String, Object> primaryKeyValues(QualifiedName table, Map<String, ?> key) {
        Table t = table(table);
        List<String> pk = t.primaryKeyColumns();
        if (!new HashSet<>(pk).equals(key.keySet())) {
            throw new IllegalArgumentException("a read by primary key of " + table + " names exactly its primary key"
                    + " columns " + pk + ", not " + new java.util.TreeSet<>(key.keySet()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : pk) {
            Object v = key.get(c);
            if (v == null || v == dev.hasuraperms.types.SqlNull.INSTANCE
                    || v instanceof dev.hasuraperms.json.JsonNull) {
                throw new IllegalArgumentException("primary key column " + c + " of " + table + " cannot be null");
            }
            out.put(c, ColumnValues.read(table, t.column(c).orElseThrow(), v));
        }
        return out;
    }

    /**
     * {@return the columns a write may return: those of the role's select permission (Hasura's {@code returning} and the
     * {@code *_one} results)} Empty when nothing is asked; asking without a select permission is refused.
     *
     * @param table the table written; never null
     * @param session the caller's role and session variables; never null
     * @param requested the columns the caller asks the write to return; empty for none
     * @throws ColumnNotAllowedException for a requested column the role may not read
     */
    public List<String> returning(QualifiedName table, SessionValues session, List<String> requested) {
        if (requested.isEmpty()) {
            return List.of();
        }
        return refusals(AuditEvent.Kind.SELECT, session.role(), table.toString(),
                () -> returning0(table, session, requested));
    }

    private List<String> returning0(QualifiedName table, SessionValues session, List<String> requested) {
        SelectRule rule = permissions.select(table, session.role()).orElseThrow(() -> new PermissionDeniedException(
                session.role(), table, Operation.SELECT, "returning rows needs a select permission"));
        for (String c : requested) {
            if (computedField(rule, c).isPresent()) {
                throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.SELECT, c, "a write returns "
                        + "columns only; read computed field " + c + " with a select of the written rows");
            }
        }
        return readable0(rule, requested);
    }

    /**
     * The readable fields of {@code rule} named by {@code requested}: columns and scalar computed fields (Hasura lists
     * them apart, in {@code columns} and {@code computed_fields}; a read names both alike). All readable columns, in
     * table order, when none are named (computed fields only when named, as their functions may be costly).
     *
     * @param rule      the select permission
     * @param requested the columns and computed fields asked for
     * @return the fields to read, in the order asked, without repeats
     * @throws ColumnNotAllowedException for a name that is neither a readable column nor a readable scalar computed
     *                                   field of the permission
     */
    public List<String> readable(SelectRule rule, List<String> requested) {
        return refusals(AuditEvent.Kind.SELECT, rule.role(), rule.table().toString(), () -> readable0(rule, requested));
    }

    private List<String> readable0(SelectRule rule, List<String> requested) {
        if (requested.isEmpty()) {
            return rule.columns();
        }
        Table t = table(rule.table());
        Set<String> allowed = new HashSet<>(rule.columns());
        allowed.addAll(rule.computedFields());
        for (String c : requested) {
            if (!allowed.contains(c)) {
                throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.SELECT, c, why(rule, t, c));
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    /**
     * Like {@link #readable}, for a read whose rows are not the table's own (a tracked function's, an aggregate's):
     * only columns, as such a read does not call the table's computed fields.
     *
     * @param rule      the select permission
     * @param requested the columns asked for
     * @return the columns to read, in the order asked, without repeats (all readable ones when none is named)
     * @throws ColumnNotAllowedException for a name that is not a column the role may read, a readable computed field
     *                                   included
     */
    public List<String> readableColumns(SelectRule rule, List<String> requested) {
        return refusals(AuditEvent.Kind.SELECT, rule.role(), rule.table().toString(),
                () -> readableColumns0(rule, requested));
    }

    private List<String> readableColumns0(SelectRule rule, List<String> requested) {
        List<String> read = readable0(rule, requested);
        Table t = table(rule.table());
        for (String c : read) {
            if (t.column(c).isEmpty()) {
                throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.SELECT, c, "computed field " + c
                        + " is not a column, and this read takes columns only");
            }
        }
        return read;
    }

    private String why(SelectRule rule, Table t, String name) {
        if (t.column(name).isPresent()) {
            return "it is not in the select permission's columns";
        }
        var cf = permissions.table(rule.table()).flatMap(r -> r.computedField(name));
        if (cf.isEmpty()) {
            return "the table has no such column or computed field";
        }
        if (!cf.get().scalar()) {
            return "computed field " + name + " returns rows of " + cf.get().returnsTable().orElseThrow()
                    + "; read it as a relationship (its rows under that table's select permission)";
        }
        return "computed field " + name + " is not in the select permission's computed_fields";
    }

    /**
     * Whether {@code name} is a scalar computed field of {@code rule}'s table (rather than a column).
     *
     * @param rule the select permission
     * @param name a readable field name from {@link #readable}
     * @return the resolved computed field, when it is one
     */
    public Optional<dev.hasuraperms.check.ResolvedComputedField> computedField(SelectRule rule, String name) {
        if (!rule.computedFields().contains(name)) {
            return Optional.empty();
        }
        return permissions.table(rule.table()).flatMap(r -> r.computedField(name));
    }

    // ------------------------------------------------------------------------------------------- native query

    /**
     * A read of native query {@code name} (its root field name) with {@code arguments}, under the select permission of
     * the session's role on the native query's logical model: {@code fields} (empty: every readable field the rows
     * have as columns, in field order) and the caller's {@code limit} (empty: none).
     *
     * <p>Each declared argument's value is read as the argument's type, as for a column ({@link ColumnValues}): a
     * {@code String} as PostgreSQL input for the type, a {@link JsonValue} as Hasura reads a JSON literal, or a Java
     * value. A nullable argument may be left out or given as {@code null} (SQL NULL); a non-nullable one may not.
     *
     * @param name      the native query's root field name
     * @param session   the request's session
     * @param fields    the fields to read
     * @param limit     the caller's limit
     * @param arguments the arguments by name ({@code null} values allowed)
     * @return the validated read
     * @throws PermissionDeniedException   when there is no such native query or the role has no select permission on
     *                                     its logical model
     * @throws ColumnNotAllowedException   for a field the role may not read, or one the rows do not have as a column
     * @throws NativeQueryArgumentException for an undeclared, missing, null or ill-typed argument
     */
    public NativeQueryPlan nativeQuery(String name, SessionValues session, List<String> fields, OptionalInt limit,
                                       Map<String, ?> arguments) {
        return audited(AuditEvent.Kind.NATIVE_QUERY, session.role(), name,
                () -> nativeQueryPlan(name, session, fields, limit, arguments));
    }

    /**
     * Checks that the session's role may read {@code fields} of native query {@code name} (the fields a read orders
     * by, beside those it returns), as {@link #nativeQuery} checks them. A step of a read already allowed: a refusal
     * is reported to the audit listener, an allowance is not (the read's own {@link #nativeQuery} reports it).
     *
     * @param name      the native query's root field name
     * @param session   the request's session
     * @param fields    the fields
     * @param arguments the arguments by name
     * @throws PermissionDeniedException    as {@link #nativeQuery}
     * @throws ColumnNotAllowedException    for a field the role may not read
     * @throws NativeQueryArgumentException for an undeclared, missing, null or ill-typed argument
     */
    public void nativeQueryFields(String name, SessionValues session, List<String> fields, Map<String, ?> arguments) {
        refusals(AuditEvent.Kind.NATIVE_QUERY, session.role(), name,
                () -> nativeQueryPlan(name, session, fields, OptionalInt.empty(), arguments));
    }

    private NativeQueryPlan nativeQueryPlan(String name, SessionValues session, List<String> fields, OptionalInt limit,
                                            Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        CheckedPermissions p = permissions.forSession(session);
        dev.hasuraperms.check.NativeQueries.Resolved q = dev.hasuraperms.check.NativeQueries.resolve(p, name)
                .orElseThrow(() -> new PermissionDeniedException(session.role(), QualifiedName.of("pg_native_query", name),
                        Operation.SELECT, "no native query has the root field name " + name + " (or it is invalid)"));
        String model = q.model().name();
        QualifiedName modelName = QualifiedName.of("pg_logical_model", model);
        SelectRule rule = p.logicalModelSelect(model, session.role()).orElseThrow(() -> new PermissionDeniedException(
                session.role(), modelName, Operation.SELECT, "no select permission on logical model " + model
                + ", which native query " + name + " returns"));
        List<String> read;
        if (fields.isEmpty()) {
            read = rule.columns().stream().filter(q.columns()::containsKey).toList();
        } else {
            Set<String> allowed = new HashSet<>(rule.columns());
            for (String f : fields) {
                if (!allowed.contains(f) || !q.columns().containsKey(f)) {
                    throw new ColumnNotAllowedException(rule.role(), modelName, Operation.SELECT, f,
                            q.model().field(f).isEmpty() ? "the logical model has no such field"
                                    : "it is not in the select permission's columns");
                }
            }
            read = List.copyOf(new LinkedHashSet<>(fields));
        }
        if (limit.isPresent() && limit.getAsInt() < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit.getAsInt());
        }
        OptionalInt effective = limit;
        if (rule.limit().isPresent()) {
            int permitted = rule.limit().get();
            effective = OptionalInt.of(limit.isPresent() ? Math.min(limit.getAsInt(), permitted) : permitted);
        }
        for (String given : arguments.keySet()) {
            if (!q.argumentTypes().containsKey(given)) {
                throw new NativeQueryArgumentException(name, String.valueOf(given), "not an argument of the native query"
                        + " (its arguments: " + q.argumentTypes().keySet() + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, PgType> a : q.argumentTypes().entrySet()) {
            String arg = a.getKey();
            boolean nullable = q.query().arguments().get(arg).nullable();
            Object v = arguments.get(arg);
            boolean isNull = v == null || v == dev.hasuraperms.types.SqlNull.INSTANCE
                    || v instanceof dev.hasuraperms.json.JsonNull;
            if (isNull) {
                if (!nullable) {
                    throw new NativeQueryArgumentException(name, arg, arguments.containsKey(arg)
                            ? "null for a non-nullable argument" : "missing (the argument is not nullable)");
                }
                values.put(arg, dev.hasuraperms.types.SqlNull.INSTANCE);
            } else {
                try {
                    values.put(arg, ColumnValues.read(a.getValue(), v));
                } catch (dev.hasuraperms.types.ValueParseException e) {
                    throw new NativeQueryArgumentException(name, arg, "not a valid " + a.getValue().displayName() + ": "
                            + e.getMessage());
                }
            }
        }
        List<NativeQueryPlan.Part> code = new ArrayList<>();
        for (dev.hasuraperms.check.NativeQueryCode.Part part : q.code().parts()) {
            if (part instanceof dev.hasuraperms.check.NativeQueryCode.Text t) {
                code.add(new NativeQueryPlan.Sql(t.sql()));
            } else {
                String arg = ((dev.hasuraperms.check.NativeQueryCode.Placeholder) part).argument();
                code.add(new NativeQueryPlan.Argument(arg, q.argumentTypes().get(arg), values.get(arg)));
            }
        }
        return new NativeQueryPlan(q, rule, read, effective, code);
    }

    // ---------------------------------------------------------------------------------------------- functions

    /**
     * A call of the tracked function {@code function} with {@code arguments} (the name a caller gives each by →
     * value, read as {@link ColumnValues} reads column values; {@code null} is SQL NULL), reading {@code columns}
     * (empty: every column of the return table the role may read) with the caller's {@code limit}.
     *
     * <p>The arguments are passed as Hasura's {@code functionArgs} ({@code Hasura/Backends/Postgres/Schema/Select.hs})
     * passes them: in declaration order by position while every one is given (the session argument gets the session
     * variables as JSON), and by name after the first omitted one; an omitted argument must have a default, and an
     * unnamed one cannot follow an omitted one.
     *
     * @param function  the function's name
     * @param session   the request's session
     * @param arguments the arguments given
     * @param columns   the columns to read
     * @param limit     the caller's limit
     * @return the plan
     * @throws FunctionNotAllowedException       when the function is not tracked, or the role may not call it
     * @throws InvalidFunctionArgumentException  for an unknown argument, the session argument, an omitted argument
     *                                           without default, or a value that is not valid for its type
     * @throws ColumnNotAllowedException         for a column the role may not read
     */
    public FunctionPlan function(QualifiedName function, SessionValues session, Map<String, ?> arguments,
                                 List<String> columns, OptionalInt limit) {
        return audited(AuditEvent.Kind.FUNCTION, session.role(), function.toString(),
                () -> functionPlan(function, session, arguments, columns, limit));
    }

    private FunctionPlan functionPlan(QualifiedName function, SessionValues session, Map<String, ?> arguments,
                                      List<String> columns, OptionalInt limit) {
        dev.hasuraperms.check.ResolvedFunction f = permissions.function(function).orElseThrow(() ->
                new FunctionNotAllowedException(session.role(), function, "it is not a tracked function"));
        SelectRule rule = permissions.functionSelect(f, session.role()).orElseThrow(() ->
                new FunctionNotAllowedException(session.role(), function, whyNot(f, session.role())));
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "argument name");
            dev.hasuraperms.check.ResolvedFunction.Argument a = f.argument(name).orElseThrow(() ->
                    new InvalidFunctionArgumentException(function, name, "the function has no such argument"
                            + " (arguments: " + f.arguments().stream().filter(x -> !x.session())
                            .map(dev.hasuraperms.check.ResolvedFunction.Argument::name).toList() + ")"));
            if (a.session()) {
                throw new InvalidFunctionArgumentException(function, name, "it is the session argument, which gets"
                        + " the session variables; a caller cannot give it");
            }
            try {
                given.put(name, ColumnValues.read(a.type(), e.getValue()));
            } catch (dev.hasuraperms.types.ValueParseException ex) {
                throw new InvalidFunctionArgumentException(function, name, "not a valid " + a.type().displayName()
                        + ": " + ex.getMessage());
            }
        }
        List<FunctionPlan.Argument> call = new ArrayList<>();
        boolean byName = false;
        for (dev.hasuraperms.check.ResolvedFunction.Argument a : f.arguments()) {
            Object value;
            if (a.session()) {
                value = dev.hasuraperms.internal.sql.SqlTemplate.sessionJson(session);
            } else if (given.containsKey(a.name())) {
                value = given.get(a.name());
            } else if (a.hasDefault()) {
                byName = true;
                continue;
            } else {
                throw new InvalidFunctionArgumentException(function, a.name(), "the argument has no default and"
                        + " cannot be omitted");
            }
            if (byName && a.sqlName().isEmpty()) {
                throw new InvalidFunctionArgumentException(function, a.name(), "an unnamed argument cannot be given"
                        + " after an omitted one (only the last positional arguments can be omitted)");
            }
            call.add(new FunctionPlan.Argument(byName ? a.sqlName() : Optional.empty(), a.type(), value));
        }
        SelectPlan select = new SelectPlan(rule, readableColumns0(rule, columns), effectiveLimit(rule, limit));
        return new FunctionPlan(f, rule, select.columns(), select.limit(), call);
    }

    /**
     * An aggregate read over the rows of a call of the tracked function {@code function}
     * ({@code <function>_aggregate}): the call as {@link #function} validates it, the aggregates as
     * {@link #aggregate} validates them against the return table. As in Hasura ({@code selectFunctionAggregate} in
     * {@code Hasura/Backends/Postgres/Schema/Select.hs}): the role must be able to call the function (the same rule as
     * for {@code <function>}), the return table's select permission must have {@code allow_aggregations}, a function
     * exposed as a mutation has no aggregate field, and the table's {@code query_root_fields} do not apply. The
     * permission's {@code limit} does not cap the rows aggregated.
     *
     * @param function   the function's name
     * @param session    the request's session
     * @param arguments  the arguments given, as {@link #function} takes them
     * @param aggregates the aggregates (at least one; at most one {@code count})
     * @param groupBy    the columns of the return table to group by
     * @return the plan
     * @throws FunctionNotAllowedException       when the function is not tracked, the role may not call it, it is
     *                                           exposed as a mutation, or the return table's select permission has
     *                                           no {@code allow_aggregations}
     * @throws InvalidFunctionArgumentException  for an argument the call cannot take
     * @throws ColumnNotAllowedException         for a column the role may not read
     * @throws AggregateNotApplicableException   for a function that does not apply to its column's type
     * @throws IllegalArgumentException          for no aggregate, two counts, or too many grouping columns
     */
    public FunctionAggregatePlan functionAggregate(QualifiedName function, SessionValues session,
                                                   Map<String, ?> arguments, List<Aggregate> aggregates,
                                                   List<String> groupBy) {
        FunctionPlan call = function(function, session, arguments, List.of(), OptionalInt.empty());
        if (call.function().mutation()) {
            throw new FunctionNotAllowedException(session.role(), function, "it is exposed as a mutation, and"
                    + " Hasura offers no aggregate field for a function exposed as a mutation");
        }
        if (!call.rule().allowAggregations()) {
            throw new FunctionNotAllowedException(session.role(), function, "aggregates over it need"
                    + " allow_aggregations: true in the select permission of its return table "
                    + call.function().returnTable());
        }
        AggregatePlan aggregate = aggregatePlan(call.rule(), call.function().returnTable(), aggregates, groupBy);
        return new FunctionAggregatePlan(call, aggregate);
    }

    private String whyNot(dev.hasuraperms.check.ResolvedFunction f, String role) {
        if (permissions.select(f.returnTable(), role).isEmpty()) {
            return "the role has no select permission on its return table " + f.returnTable();
        }
        return f.mutation() ? "it is exposed as a mutation, which needs a function permission for the role"
                : "function permissions are not inferred, and the role has no function permission";
    }

    private static OptionalInt effectiveLimit(SelectRule rule, OptionalInt limit) {
        if (limit.isPresent() && limit.getAsInt() < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit.getAsInt());
        }
        if (rule.limit().isPresent()) {
            int permitted = rule.limit().get();
            return OptionalInt.of(limit.isPresent() ? Math.min(limit.getAsInt(), permitted) : permitted);
        }
        return limit;
    }

    // ------------------------------------------------------------------------------------------------- insert

    /**
     * {@return an insert of {@code rows} (column → value; see {@link ColumnValues} for the values accepted), as an upsert when
     * {@code onConflict} is given}
     *
     * @param table the table inserted into; never null
     * @param session the caller's role and session variables; never null
     * @param rows the rows to insert, each a map from column name to value; never null
     * @param onConflict the upsert clause; empty for a plain insert
     * @throws PermissionDeniedException when the role has no insert permission on {@code table}
     * @throws ColumnNotAllowedException for a column the role may not insert
     */
    public InsertPlan insert(QualifiedName table, SessionValues session, List<? extends Map<String, ?>> rows,
                             Optional<OnConflict> onConflict) {
        return audited(AuditEvent.Kind.INSERT, session.role(), table.toString(),
                () -> insertPlan(table, session, rows, onConflict));
    }

    private InsertPlan insertPlan(QualifiedName table, SessionValues session, List<? extends Map<String, ?>> rows,
                                  Optional<OnConflict> onConflict) {
        InsertRule rule = permissions.insert(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.INSERT));
        if (rule.backendOnly() && !session.backendOnlyPermissions()) {
            throw backendOnly(session, table, Operation.INSERT);
        }
        Table t = table(table);
        Set<String> insertable = new HashSet<>(rule.insertableColumns());
        Set<String> given = new HashSet<>();
        for (Map<String, ?> row : rows) {
            for (String c : row.keySet()) {
                if (given.add(c)) {
                    allowed(rule.role(), t, Operation.INSERT, c, insertable, rule.presets(), "insert");
                }
            }
        }
        Map<String, Object> presets = presets(rule.presets(), session, permissions.schema().serverMajorVersion());
        List<String> columns = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        for (Column c : t.columns()) {
            if (given.contains(c.name()) || presets.containsKey(c.name())) {
                columns.add(c.name());
                types.add(c.type());
            }
        }
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            Object[] v = new Object[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i);
                if (presets.containsKey(c)) {
                    v[i] = presets.get(c);
                } else if (row.containsKey(c)) {
                    v[i] = ColumnValues.read(table, t.column(c).orElseThrow(), row.get(c));
                } else {
                    v[i] = InsertPlan.DEFAULT;
                }
            }
            values.add(v);
        }
        Optional<InsertPlan.Upsert> upsert = onConflict.map(oc -> upsert(t, session, oc));
        return new InsertPlan(rule, columns, types.toArray(new PgType[0]), values, upsert);
    }

    private InsertPlan.Upsert upsert(Table t, SessionValues session, OnConflict onConflict) {
        UpdateRule rule = permissions.update(t.name(), session.role()).orElseThrow(() -> new PermissionDeniedException(
                session.role(), t.name(), Operation.UPDATE, "an upsert (on conflict) needs an update permission too"));
        if (rule.backendOnly() && !session.backendOnlyPermissions()) {
            throw backendOnly(session, t.name(), Operation.UPDATE);
        }
        for (String c : onConflict.columns()) {
            if (t.column(c).isEmpty()) {
                throw new ColumnNotAllowedException(rule.role(), t.name(), Operation.UPDATE, c,
                        "the conflict target names a column the table does not have");
            }
        }
        Set<String> updatable = new HashSet<>(rule.updatableColumns());
        for (String c : onConflict.updateColumns()) {
            allowed(rule.role(), t, Operation.UPDATE, c, updatable, rule.presets(), "update");
        }
        Map<String, Object> presets = presets(rule.presets(), session, permissions.schema().serverMajorVersion());
        List<PgType> types = new ArrayList<>();
        for (String c : presets.keySet()) {
            types.add(t.column(c).orElseThrow().type());
        }
        return new InsertPlan.Upsert(onConflict, rule, List.copyOf(presets.keySet()), types, List.copyOf(presets.values()));
    }

    // ------------------------------------------------------------------------------------------------- update

    /**
     * {@return an update setting {@code set} (column → value; see {@link ColumnValues}); presets are added}
     *
     * @param table the table updated; never null
     * @param session the caller's role and session variables; never null
     * @param set the new values by column name; never null
     * @throws PermissionDeniedException when the role has no update permission on {@code table}
     * @throws ColumnNotAllowedException for a column the role may not update
     */
    public UpdatePlan update(QualifiedName table, SessionValues session, Map<String, ?> set) {
        return audited(AuditEvent.Kind.UPDATE, session.role(), table.toString(), () -> updatePlan(table, session, set));
    }

    private UpdatePlan updatePlan(QualifiedName table, SessionValues session, Map<String, ?> set) {
        UpdateRule rule = permissions.update(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.UPDATE));
        if (rule.backendOnly() && !session.backendOnlyPermissions()) {
            throw backendOnly(session, table, Operation.UPDATE);
        }
        Table t = table(table);
        Set<String> updatable = new HashSet<>(rule.updatableColumns());
        List<String> columns = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, ?> e : set.entrySet()) {
            allowed(rule.role(), t, Operation.UPDATE, e.getKey(), updatable, rule.presets(), "update");
            Column c = t.column(e.getKey()).orElseThrow();
            columns.add(c.name());
            types.add(c.type());
            values.add(ColumnValues.read(table, c, e.getValue()));
        }
        presets(rule.presets(), session, permissions.schema().serverMajorVersion()).forEach((c, v) -> {
            columns.add(c);
            types.add(t.column(c).orElseThrow().type());
            values.add(v);
        });
        // Nothing to set and no presets: a plan without columns, which the backends run as Hasura does (no statement,
        // affected_rows 0: updateVariantIsEmpty in Hasura/Backends/Postgres/Types/Update.hs).
        return new UpdatePlan(rule, columns, types, values);
    }

    // ------------------------------------------------------------------------------------------------- delete

    /**
     * {@return a delete}
     *
     * @param table the table deleted from; never null
     * @param session the caller's role and session variables; never null
     * @throws PermissionDeniedException when the role has no delete permission on {@code table}
     */
    public DeletePlan delete(QualifiedName table, SessionValues session) {
        return audited(AuditEvent.Kind.DELETE, session.role(), table.toString(), () -> deletePlan(table, session));
    }

    private DeletePlan deletePlan(QualifiedName table, SessionValues session) {
        DeleteRule rule = permissions.delete(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.DELETE));
        if (rule.backendOnly() && !session.backendOnlyPermissions()) {
            throw backendOnly(session, table, Operation.DELETE);
        }
        return new DeletePlan(rule);
    }

    // ------------------------------------------------------------------------------------------ validate_input

    /**
     * Calls the registered {@link InputValidator} when the insert permission has {@code validate_input}, with
     * Hasura's payload: {@code data.input} is the rows as the caller gave them (its columns only, no presets, as
     * {@code validateInsertRows} in Hasura's {@code Hasura/Backends/Postgres/Execute/Insert.hs}). Backends call it
     * inside the write's transaction, before any statement; an upsert is validated by the insert permission's webhook
     * only, as in Hasura.
     *
     * @param plan the insert to validate, from {@link #insert}; never null
     * @param session the caller's session, sent to the validator; never null
     * @throws InputRejectedException when the validator rejects the rows
     */
    public void validateInput(InsertPlan plan, SessionValues session) {
        InsertRule rule = plan.rule();
        if (rule.validateInput().isEmpty()) {
            return;
        }
        List<JsonValue> rows = new ArrayList<>(plan.rowCount());
        for (int r = 0; r < plan.rowCount(); r++) {
            List<Object> row = plan.row(r);
            Map<String, JsonValue> given = new LinkedHashMap<>();
            for (int i = 0; i < plan.columns().size(); i++) {
                String c = plan.columns().get(i);
                if (!rule.presets().containsKey(c) && row.get(i) != InsertPlan.DEFAULT) {
                    given.put(c, InputPayloads.json(row.get(i)));
                }
            }
            rows.add(JsonObject.of(given));
        }
        validate(rule.table(), Operation.INSERT, rule.validateInput().get(), session, rows);
    }

    /**
     * Calls the registered {@link InputValidator} when the update permission has {@code validate_input}: {@code
     * data.input} is {@code [{"_set": {...}}]}, the caller's values (no presets). The caller's row conditions are SQL
     * or jOOQ conditions with no Hasura boolean-expression form, so there is no {@code where} (Hasura's
     * {@code validateUpdateMutation} in {@code Hasura/Backends/Postgres/Execute/Mutation.hs} sends the mutation's
     * arguments: {@code _set}, {@code where}, ...).
     *
     * @param plan the update to validate, from {@link #update}; never null
     * @param session the caller's session, sent to the validator; never null
     * @throws InputRejectedException when the validator rejects the update
     */
    public void validateInput(UpdatePlan plan, SessionValues session) {
        UpdateRule rule = plan.rule();
        if (rule.validateInput().isEmpty()) {
            return;
        }
        Map<String, JsonValue> set = new LinkedHashMap<>();
        for (int i = 0; i < plan.columns().size(); i++) {
            String c = plan.columns().get(i);
            if (!rule.presets().containsKey(c)) {
                set.put(c, InputPayloads.json(plan.values().get(i)));
            }
        }
        validate(rule.table(), Operation.UPDATE, rule.validateInput().get(), session,
                List.of(JsonObject.of(Map.of("_set", JsonObject.of(set)))));
    }

    /**
     * Calls the registered {@link InputValidator} when the delete permission has {@code validate_input}: {@code
     * data.input} is {@code [{}]} (Hasura sends the mutation's {@code where}; the caller's conditions here have no
     * Hasura form).
     *
     * @param plan the delete to validate, from {@link #delete}; never null
     * @param session the caller's session, sent to the validator; never null
     * @throws InputRejectedException when the validator rejects the delete
     */
    public void validateInput(DeletePlan plan, SessionValues session) {
        DeleteRule rule = plan.rule();
        if (rule.validateInput().isEmpty()) {
            return;
        }
        validate(rule.table(), Operation.DELETE, rule.validateInput().get(), session, List.of(JsonObject.empty()));
    }

    /**
     * {@code validate_input} of an insert for a backend that builds no {@link InsertPlan} (the Spring JPA write guard):
     * the same payload as {@link #validateInput(InsertPlan, SessionValues)}, from {@code rows} as column → value (the
     * caller's columns only: a preset column is refused; values read as {@link ColumnValues} reads them, in table
     * order). Does nothing when the insert permission has no {@code validate_input}.
     *
     * @param table the table inserted into; never null
     * @param session the caller's session; never null
     * @param rows the rows as the caller gave them (column name to value); never null
     * @throws PermissionDeniedException      when the role has no insert permission
     * @throws ColumnNotAllowedException      when a row names a column the caller may not give
     * @throws InvalidColumnValueException    when a value is not valid input for its column
     * @throws InputRejectedException         when the validator rejects the rows
     */
    public void validateInsertInput(QualifiedName table, SessionValues session, List<? extends Map<String, ?>> rows) {
        InsertRule rule = permissions.insert(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.INSERT));
        if (rule.validateInput().isEmpty()) {
            return;
        }
        Table t = table(table);
        Set<String> insertable = new HashSet<>(rule.insertableColumns());
        List<JsonValue> input = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            for (String c : row.keySet()) {
                allowed(rule.role(), t, Operation.INSERT, c, insertable, rule.presets(), "insert");
            }
            Map<String, JsonValue> given = new LinkedHashMap<>();
            for (Column c : t.columns()) {
                if (row.containsKey(c.name())) {
                    given.put(c.name(), InputPayloads.json(ColumnValues.read(table, c, row.get(c.name()))));
                }
            }
            input.add(JsonObject.of(given));
        }
        validate(table, Operation.INSERT, rule.validateInput().get(), session, input);
    }

    /**
     * {@code validate_input} of an update for a backend that builds no {@link UpdatePlan} (the Spring JPA write guard):
     * {@code [{"_set": {...}}]} from {@code set} (the caller's columns only, no presets; values read as
     * {@link ColumnValues} reads them), as {@link #validateInput(UpdatePlan, SessionValues)}. An empty {@code set}
     * (a write that changes no column of its own) is validated with {@code "_set": {}}.
     *
     * @param table the table updated; never null
     * @param session the caller's session; never null
     * @param set the caller's new values by column name (no presets); never null
     * @throws PermissionDeniedException   when the role has no update permission
     * @throws ColumnNotAllowedException   when {@code set} names a column the caller may not set
     * @throws InvalidColumnValueException when a value is not valid input for its column
     * @throws InputRejectedException      when the validator rejects the update
     */
    public void validateUpdateInput(QualifiedName table, SessionValues session, Map<String, ?> set) {
        UpdateRule rule = permissions.update(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.UPDATE));
        if (rule.validateInput().isEmpty()) {
            return;
        }
        Table t = table(table);
        Set<String> updatable = new HashSet<>(rule.updatableColumns());
        Map<String, JsonValue> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : set.entrySet()) {
            allowed(rule.role(), t, Operation.UPDATE, e.getKey(), updatable, rule.presets(), "update");
            values.put(e.getKey(), InputPayloads.json(
                    ColumnValues.read(table, t.column(e.getKey()).orElseThrow(), e.getValue())));
        }
        validate(table, Operation.UPDATE, rule.validateInput().get(), session,
                List.of(JsonObject.of(Map.of("_set", JsonObject.of(values)))));
    }

    /**
     * {@code validate_input} of a delete for a backend that builds no {@link DeletePlan}: {@code [{}]}, as
     * {@link #validateInput(DeletePlan, SessionValues)}.
     *
     * @param table the table deleted from; never null
     * @param session the caller's session; never null
     * @throws PermissionDeniedException when the role has no delete permission
     * @throws InputRejectedException    when the validator rejects the delete
     */
    public void validateDeleteInput(QualifiedName table, SessionValues session) {
        validateInput(new DeletePlan(permissions.delete(table, session.role())
                .orElseThrow(() -> permissions.denied(session.role(), table, Operation.DELETE))), session);
    }

    private void validate(QualifiedName table, Operation op, dev.hasuraperms.metadata.ValidateInput definition,
                          SessionValues session, List<JsonValue> input) {
        AuditEvent.Kind kind = op == Operation.INSERT ? AuditEvent.Kind.INSERT
                : op == Operation.UPDATE ? AuditEvent.Kind.UPDATE : AuditEvent.Kind.DELETE;
        refusals(kind, session.role(), table.toString(), () -> {
            validate0(table, op, definition, session, input);
            return null;
        });
    }

    private void validate0(QualifiedName table, Operation op, dev.hasuraperms.metadata.ValidateInput definition,
                           SessionValues session, List<JsonValue> input) {
        // Fail closed: the checker refuses validate_input without a validator, so this only guards misuse.
        InputValidator validator = permissions.inputValidator().orElseThrow(() -> new IllegalStateException(
                "the " + op.key() + " permission on " + table + " has validate_input and no input validator is registered"));
        JsonObject payload = InputPayloads.payload(session, input);
        InputValidator.Result result = validator.validate(new InputValidator.Request(session.role(), session, table, op,
                definition, payload));
        if (result == null) {
            throw new IllegalStateException("the input validator returned null for the " + op.key() + " on " + table);
        }
        if (result.rejection().isPresent()) {
            throw new InputRejectedException(session.role(), table, op, result.rejection().get());
        }
    }

    // ------------------------------------------------------------------------------------------------- checks

    /**
     * Why {@code check} is not TRUE for {@code row} (every column of the written row, as returned by the database),
     * evaluated in memory with the related rows from {@code relations}; empty when the evaluator cannot evaluate it
     * (a computed field, a table too large to read without a key, a pattern over the evaluator's step budget) or
     * fails in any other way: the explanation is advisory, the write is refused whatever happens here. Call it
     * after the write is rolled back ({@link Transactions.FailAfterRollback}), so that it never runs while the
     * write's locks are held.
     *
     * @param check the permission check the row failed; never null
     * @param table the table written; never null
     * @param row every column of the written row, by name, as returned by the database; never null
     * @param session the caller's session variables the check reads; never null
     * @param relations the related rows the check's EXISTS and aggregates read; never null
     * @return the explanation, or empty when the evaluator cannot give one
     */
    public Optional<Explanation> explain(Predicate check, QualifiedName table, Map<String, Object> row,
                                         SessionValues session, RelationResolver relations) {
        try {
            Evaluator evaluator = Evaluator.builder().relations(relations).explanations(true).build();
            return Optional.of(evaluator.evaluate(check, table, Row.of(row), SessionValueSource.of(session,
                    permissions.schema().serverMajorVersion())).explanation());
        } catch (HasuraPermsException e) {
            return Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            // Not a refusal of the evaluator but still no reason to answer anything but the check violation.
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Table table(QualifiedName name) {
        return permissions.schema().table(name).orElseThrow(() -> new IllegalStateException(
                "checked table " + name + " is not in the schema"));
    }

    private static void allowed(String role, Table t, Operation op, String column, Set<String> allowed,
                                Map<String, Expr> presets, String kind) {
        if (allowed.contains(column)) {
            return;
        }
        String why;
        if (presets.containsKey(column)) {
            Expr p = presets.get(column);
            why = "the " + kind + " permission presets it" + (p instanceof Expr.SessionValue s
                    ? " (from " + s.variable().name() + ")" : "");
        } else if (t.column(column).isEmpty()) {
            why = "the table has no such column";
        } else {
            why = "it is not in the " + kind + " permission's columns";
        }
        throw new ColumnNotAllowedException(role, t.name(), op, column, why);
    }

    /** Preset values, in the permission's order: literals as they are, session variables read for the column type. */
    private static Map<String, Object> presets(Map<String, Expr> presets, SessionValues session, int serverMajor) {
        Map<String, Object> out = new LinkedHashMap<>();
        presets.forEach((c, e) -> {
            if (e instanceof Expr.Literal l) {
                out.put(c, l.value());
            } else if (e instanceof Expr.SessionValue s) {
                out.put(c, session.value(s.variable(), s.type(), serverMajor));
            } else {
                throw new IllegalStateException("a preset is a literal or a session variable, found " + e);
            }
        });
        return out;
    }

    private static PermissionDeniedException backendOnly(SessionValues session, QualifiedName table, Operation op) {
        return new PermissionDeniedException(session.role(), table, op,
                "the permission is backend_only and this session is not in backend mode");
    }
}
