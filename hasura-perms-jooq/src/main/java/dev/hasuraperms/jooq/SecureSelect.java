package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.RootField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * An enforced select, built by {@link SecureDsl#select}: the rows of the table that the session's role may read
 * (the select permission's filter AND the caller's conditions), only columns of the select permission, at most the
 * smaller of the caller's and the permission's limit, applied after the caller's ordering; the offset is the caller's.
 *
 * <pre>{@code
 * Result<Record> rows = secure.select(session, e)
 *         .fields(e.ID, e.TYPE)            // default: every readable column, in table order
 *         .where(e.TYPE.eq("Golf"))        // ANDed with the permission's filter
 *         .orderBy(e.HAPPENED_AT.desc())   // readable columns only
 *         .limit(50)                       // the permission's limit wins when smaller
 *         .fetch();
 * }</pre>
 *
 * <p>The SQL: {@code select <fields> from <table> [as <alias>] where (<select filter>) and (<caller's condition>)
 * [order by ...] [offset n rows] [fetch next <limit> rows only]}. Immutable: each method returns a new builder.
 *
 * <p>The caller's conditions are the host's code and are not restricted to readable columns (a GraphQL client's
 * {@code where} would be): a host that passes a client's filter through must restrict it itself.
 *
 * <p><b>Cell redaction.</b> When the role's select permission redacts cells (an inherited role whose parents grant a
 * column on different rows, {@link dev.hasuraperms.check.SelectRule#redactions()}), the rows come from a derived table
 * under the table's alias (its unqualified name when it has none) that holds, for each redacted column,
 * {@code case when <condition> then <column> end}: {@code select <fields> from (select ..., case when ... end as
 * "email", ... from <table> where <select filter>) as "e" where <caller's condition> order by ...}. The fields, the
 * caller's condition and the ordering thus read the redacted values, as in Hasura. The caller's condition must then
 * name the columns through the alias ({@code e.EMAIL} of {@code USERS.as("e")}) or unqualified: a column qualified
 * with the table's schema ({@code "public"."users"."email"}) does not resolve against the derived table and the
 * database reports an error. A client's filter from {@link JooqPermissions#callerCondition} needs no care: given the
 * unaliased table, it is written for the derived table's rows.
 */
public final class SecureSelect {

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final List<Field<?>> fields;
    private final Condition where;
    private final List<OrderField<?>> orderBy;
    private final OptionalInt limit;
    private final int offset;
    private final java.util.Optional<Map<String, ?>> primaryKey;
    private final java.util.Map<String, java.util.Map<String, Object>> arguments;

    private SecureSelect(SecureDsl secure, SessionValues session, TableRef table, List<Field<?>> fields,
                         Condition where, List<OrderField<?>> orderBy, OptionalInt limit, int offset) {
        this(secure, session, table, fields, where, orderBy, limit, offset, java.util.Optional.empty(),
                java.util.Map.of(), null);
    }

    /** For the rows of a table computed field: the parent rows, the field, its arguments, a condition on the parents. */
    private record ComputedRows(TableRef parent, String field, java.util.Map<String, Object> arguments, Condition parentWhere) {
    }

    private final ComputedRows source;

    private SecureSelect(SecureDsl secure, SessionValues session, TableRef table, List<Field<?>> fields,
                         Condition where, List<OrderField<?>> orderBy, OptionalInt limit, int offset,
                         java.util.Optional<Map<String, ?>> primaryKey,
                         java.util.Map<String, java.util.Map<String, Object>> arguments, ComputedRows source) {
        this.source = source;
        this.arguments = arguments;
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.fields = fields;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
        this.primaryKey = primaryKey;
    }

    static SecureSelect create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureSelect(secure, session, table, List.of(), DSL.noCondition(), List.of(), OptionalInt.empty(), 0,
                java.util.Optional.empty(), java.util.Map.of(), null);
    }

    /** The rows of table computed field {@code field} of {@code parent}'s rows, named as {@code target} names them. */
    static SecureSelect computed(SecureDsl secure, SessionValues session, TableRef parent, String field,
                                 java.util.Map<String, ?> arguments, TableRef target) {
        Objects.requireNonNull(field, "field");
        var cf = secure.checked().table(parent.name()).flatMap(t -> t.computedField(field)).filter(c -> !c.scalar());
        RuntimeException refused = null;
        if (secure.checked().select(parent.name(), session.role()).isEmpty()) {
            refused = new dev.hasuraperms.check.PermissionDeniedException(session.role(), parent.name(), Operation.SELECT);
        } else if (cf.isEmpty()) {
            refused = new dev.hasuraperms.enforce.ColumnNotAllowedException(session.role(), parent.name(),
                    Operation.SELECT, field, "the table has no computed field " + field + " that returns rows of a table");
        }
        if (refused != null) {
            secure.enforcement().reportRefused(dev.hasuraperms.enforce.AuditEvent.Kind.COMPUTED_ROWS, session.role(),
                    parent.name().toString(), refused);
            throw refused;
        }
        if (!cf.get().returnsTable().orElseThrow().equals(target.name())) {
            throw new IllegalArgumentException("computed field " + field + " returns rows of "
                    + cf.get().returnsTable().orElseThrow() + ", not of " + target.name());
        }
        if (!target.aliased() || !parent.aliased()
                || target.table().getUnqualifiedName().equals(parent.table().getUnqualifiedName())) {
            throw new IllegalArgumentException("name the parent rows and the computed field's rows by two different "
                    + "aliases (table.as(\"p\"), table.as(\"r\"))");
        }
        return new SecureSelect(secure, session, target, List.of(), DSL.noCondition(), List.of(), OptionalInt.empty(), 0,
                java.util.Optional.empty(), java.util.Map.of(), new ComputedRows(parent, field, java.util.Collections.unmodifiableMap(
                        new java.util.LinkedHashMap<>(arguments)), DSL.noCondition()));
    }

    /**
     * For the rows of a table computed field ({@link SecureDsl#selectComputed}): a condition on the parent rows (named
     * by the parent's alias), ANDed with the parent table's select filter and earlier ones.
     *
     * @param condition the condition
     * @return a new builder
     * @throws IllegalStateException when this select is not of a table computed field's rows
     */
    public SecureSelect parentWhere(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        if (source == null) {
            throw new IllegalStateException("parentWhere is for the rows of a table computed field");
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, limit, offset, primaryKey, arguments,
                new ComputedRows(source.parent(), source.field(), source.arguments(), DSL.and(source.parentWhere(), condition)));
    }

    /** The rows' source: the table, or the parent rows and the function of a table computed field. */
    private List<Table<?>> from() {
        if (source == null) {
            return List.of(table.table());
        }
        var cf = secure.checked().table(source.parent().name()).flatMap(t -> t.computedField(source.field())).orElseThrow();
        var given = dev.hasuraperms.enforce.ComputedFieldArguments.read(source.parent().name(), cf, source.arguments());
        var template = dev.hasuraperms.internal.sql.ComputedFieldSql.call(cf, given,
                secure.checked().schema().serverMajorVersion());
        // A function in FROM may read the FROM items before it (PostgreSQL makes it implicitly LATERAL).
        Table<?> rows = DSL.table("{0}", new JooqTemplate(template).condition(source.parent().table(), session))
                .as(table.table().getUnqualifiedName());
        return List.of(source.parent().table(), rows);
    }

    /** The select filter of the rows (for a table computed field: also the parent's filter and conditions). */
    private Condition rowsFilter() {
        if (source == null) {
            return secure.permissions().selectCondition(table.table(), session);
        }
        return DSL.and(secure.permissions().selectCondition(source.parent().table(), session), source.parentWhere(),
                secure.permissions().selectCondition(table.name(), table.table(), session));
    }

    /**
     * The input arguments of computed field {@code field} (Hasura's {@code args}), by argument name; values as
     * {@link dev.hasuraperms.enforce.ColumnValues} accepts them, {@code null} for SQL NULL. Arguments left out take
     * their defaults; one without a default must be given ({@link
     * dev.hasuraperms.enforce.InvalidComputedFieldArgumentException} from {@link #query()}).
     *
     * @param field     a scalar computed field read or ordered by
     * @param arguments argument name → value
     * @return a new builder
     */
    public SecureSelect arguments(String field, java.util.Map<String, ?> arguments) {
        Objects.requireNonNull(field, "field");
        java.util.Map<String, java.util.Map<String, Object>> a = new java.util.LinkedHashMap<>(this.arguments);
        a.put(field, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments)));
        return new SecureSelect(secure, session, table, fields, where, orderBy, limit, offset, primaryKey,
                java.util.Collections.unmodifiableMap(a), source);
    }

    /**
     * The fields to read: columns of the table (generated fields, or {@code DSL.field(DSL.name(...))} naming the
     * table's alias, its name, or unqualified), and scalar computed fields of the select permission named the same
     * way ({@code DSL.field(DSL.name("total_marks"))}), read as {@code "s"."f"(<row>, ...) AS "total_marks"} with the
     * session as JSON for a session argument and the input arguments of {@link #arguments}. Replaces earlier fields;
     * none means every readable column.
     *
     * @param fields the fields
     * @return a new builder
     */
    public SecureSelect fields(Field<?>... fields) {
        return fields(Arrays.asList(fields));
    }

    /**
     * Like {@link #fields(Field[])}.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureSelect fields(Collection<? extends Field<?>> fields) {
        List<Field<?>> f = new ArrayList<>();
        for (Field<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureSelect(secure, session, table, List.copyOf(f), where, orderBy, limit, offset, primaryKey, arguments, source);
    }

    /**
     * Adds a condition of the caller (ANDed with earlier ones and with the permission's filter).
     *
     * @param condition the caller's condition on the table's rows
     * @return a new builder with the change; this one is unchanged
     */
    public SecureSelect where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureSelect(secure, session, table, fields, DSL.and(where, condition), orderBy, limit, offset, primaryKey, arguments, source);
    }

    /**
     * The ordering: fields or sort fields ({@code f.desc()}, {@code f.asc().nullsLast()}) of readable columns of the
     * table; any other column or expression is refused. Replaces an earlier ordering.
     *
     * @param fields the ordering terms, in order
     * @return a new builder with the change; this one is unchanged
     */
    public SecureSelect orderBy(OrderField<?>... fields) {
        List<OrderField<?>> f = new ArrayList<>();
        for (OrderField<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureSelect(secure, session, table, this.fields, where, List.copyOf(f), limit, offset, primaryKey, arguments, source);
    }

    /**
     * A read by primary key (Hasura's {@code select_by_pk} root field): the row whose primary key columns equal
     * {@code key}, if the role may read it. Refused, when the query is made, like
     * {@link dev.hasuraperms.enforce.Enforcement#rootField} refuses {@code select_by_pk} (not exposed by
     * {@code query_root_fields}, no primary key, a primary key column the role may not read); a {@code key} that does
     * not name exactly the primary key columns is an {@link IllegalArgumentException}, a value that is not valid for
     * its column an {@link dev.hasuraperms.enforce.InvalidColumnValueException}. {@link SecureDsl#selectByPk} starts
     * one.
     *
     * @param key primary key column → value
     * @return a new builder
     */
    public SecureSelect byPrimaryKey(Map<String, ?> key) {
        if (source != null) {
            throw new IllegalStateException("a read by primary key is for a table's own rows, not a table computed field's");
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, limit, offset,
                java.util.Optional.of(Map.copyOf(key)), arguments, source);
    }

    /**
     * The caller's limit (the permission's, when smaller, wins).
     *
     * @param limit the most rows to read
     * @return a new builder with the change; this one is unchanged
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public SecureSelect limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, OptionalInt.of(limit), offset, primaryKey, arguments, source);
    }

    /**
     * The number of rows to skip (after the ordering, before the limit).
     *
     * @param offset the number of rows to skip
     * @return a new builder with the change; this one is unchanged
     * @throws IllegalArgumentException when {@code offset} is negative
     */
    public SecureSelect offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, limit, offset, primaryKey, arguments, source);
    }

    /**
     * The select as a jOOQ query, not run: to fetch it another way ({@code fetchInto}, {@code fetchLazy}, streams) or
     * to use it in a host's query (a subquery, a CTE, a derived table). Validated now: refusals are thrown here. It is
     * attached to the marked configuration, so running it directly is not secured again by the drop-in listener; in a
     * host's statement it is part of that statement.
     *
     * @return the query, validated; never null
     */
    public Select<Record> query() {
        List<String> known = new ArrayList<>();
        for (Field<?> f : fields) {
            table.columnOf(f).ifPresent(known::add);
        }
        if (source != null && primaryKey.isPresent()) {
            // select_by_pk is a root field; the rows of a table computed field have no read by primary key in Hasura.
            throw new IllegalArgumentException("a read by primary key cannot be combined with the rows of a table"
                    + " computed field (Hasura has no select_by_pk there); use a where on the key's columns");
        }
        SelectPlan plan = source != null
                ? secure.enforcement().selectComputed(source.parent().name(), table.name(), session, known, limit)
                : secure.enforcement().select(table.name(), session,
                        primaryKey.isPresent() ? RootField.SELECT_BY_PK : RootField.SELECT, known, limit);
        Condition where = this.where;
        if (primaryKey.isPresent()) {
            Map<String, Object> key = secure.enforcement().primaryKeyValues(table.name(), primaryKey.get());
            dev.hasuraperms.schema.Table t = secure.checked().schema().table(table.name()).orElseThrow();
            Name rows = table.table().getUnqualifiedName();
            for (Map.Entry<String, Object> e : key.entrySet()) {
                Field<Object> column = DSL.field(rows.append(DSL.quotedName(e.getKey())), Object.class);
                where = DSL.and(where,
                        column.eq(TypedValue.of(e.getValue(), t.column(e.getKey()).orElseThrow().type())));
            }
        }
        for (String f : arguments.keySet()) {
            if (secure.enforcement().computedField(plan.rule(), f).isEmpty()) {
                secure.enforcement().readable(plan.rule(), List.of(f));
                throw new dev.hasuraperms.enforce.InvalidComputedFieldArgumentException(table.name(), f,
                        "arguments are given for a column");
            }
        }
        boolean redacting = !plan.rule().redactions().isEmpty();
        List<Field<?>> select = new ArrayList<>();
        List<String> selectColumns = new ArrayList<>();
        if (fields.isEmpty()) {
            for (String c : plan.columns()) {
                select.add(table.column(c, secure.checked().schema()));
                selectColumns.add(c);
            }
        } else {
            for (Field<?> f : fields) {
                String c = table.requireColumn(f, session.role(), Operation.SELECT);
                var cf = secure.enforcement().computedField(plan.rule(), c);
                select.add(cf.isEmpty() ? table.column(c, f) : redacting ? DSL.field(DSL.quotedName(c), computedType(cf.get()))
                        : value(plan, cf.get(), table.table()).as(DSL.quotedName(c)));
                selectColumns.add(c);
            }
        }
        List<String> sortColumns = new ArrayList<>();
        List<Field<?>> sortFields = new ArrayList<>();
        for (OrderField<?> o : orderBy) {
            Field<?> f = o instanceof SortField<?> s ? s.$field() : o instanceof Field<?> x ? x : null;
            if (f == null) {
                throw new IllegalArgumentException("order by a field or a sort field, not " + o);
            }
            String c = table.requireColumn(f, session.role(), Operation.SELECT);
            sortColumns.add(c);
            var cf = secure.enforcement().computedField(plan.rule(), c);
            sortFields.add(cf.isEmpty() ? f : DSL.field(DSL.quotedName(c), computedType(cf.get())));
        }
        if (!sortColumns.isEmpty()) {
            secure.enforcement().readable(plan.rule(), sortColumns);
        }
        SelectLimitStep<Record> ordered;
        if (plan.rule().redactions().isEmpty()) {
            Condition condition = DSL.and(rowsFilter(), where);
            List<OrderField<?>> order = new ArrayList<>();
            for (int i = 0; i < orderBy.size(); i++) {
                var cf = secure.enforcement().computedField(plan.rule(), sortColumns.get(i));
                if (cf.isEmpty()) {
                    order.add(orderBy.get(i));
                } else {
                    Field<?> v = value(plan, cf.get(), table.table());
                    order.add(orderBy.get(i) instanceof SortField<?> s ? s.$field(v) : v);
                }
            }
            ordered = secure.marked().select(select).from(from()).where(condition).orderBy(order);
        } else {
            ordered = redacted(plan, where, select, selectColumns, sortColumns, sortFields);
        }
        if (offset > 0) {
            return plan.limit().isPresent() ? ordered.offset(offset).limit(plan.limit().getAsInt()) : ordered.offset(offset);
        }
        return plan.limit().isPresent() ? ordered.limit(plan.limit().getAsInt()) : ordered;
    }

    /**
     * Cell redaction (an inherited role): the rows of the select filter in a derived table under the table's alias
     * (or unqualified name), every redacted column replaced by {@code CASE WHEN <condition> THEN <column> END} under
     * its own name, so that the fields, the caller's condition and the ordering read the redacted values.
     */
    private SelectLimitStep<Record> redacted(SelectPlan plan, Condition where, List<Field<?>> select,
                                            List<String> selectColumns, List<String> sortColumns, List<Field<?>> sortFields) {
        Name alias = table.table().getUnqualifiedName();
        List<String> all = secure.checked().schema().table(table.name())
                .map(t -> t.columns().stream().map(dev.hasuraperms.schema.Column::name).toList())
                .orElse(plan.rule().columns());
        List<Field<?>> inner = new ArrayList<>();
        for (String c : all) {
            Field<?> col = table.column(c, secure.checked().schema());
            inner.add(!plan.rule().redactions().containsKey(c) ? col
                    : secure.permissions().redactionCondition(table.table(), c, session)
                            .<Field<?>>map(visible -> redact(visible, col, c)).orElse(col));
        }

        Table<Record> rows = DSL.select(inner).from(from()).where(rowsFilter()).asTable(alias);
        // The derived table has exactly the table's columns, in order, so that a computed field's function takes its
        // rows (PostgreSQL coerces the row to the table's type): computed fields see the row as the role reads it.
        Table<?> derived = DSL.table(alias);
        List<Field<?>> outer = new ArrayList<>();
        for (int i = 0; i < select.size(); i++) {
            var cf = secure.enforcement().computedField(plan.rule(), selectColumns.get(i));
            outer.add(cf.isPresent() ? value(plan, cf.get(), derived).as(DSL.quotedName(selectColumns.get(i)))
                    : DSL.field(alias.append(DSL.quotedName(selectColumns.get(i))), select.get(i).getDataType()));
        }
        List<OrderField<?>> order = new ArrayList<>();
        for (int i = 0; i < orderBy.size(); i++) {
            var cf = secure.enforcement().computedField(plan.rule(), sortColumns.get(i));
            Field<?> f = cf.isPresent() ? value(plan, cf.get(), derived)
                    : DSL.field(alias.append(DSL.quotedName(sortColumns.get(i))), sortFields.get(i).getDataType());
            order.add(orderBy.get(i) instanceof SortField<?> s ? s.$field(f) : f);
        }
        // A caller's filter from JooqPermissions.callerCondition on the unaliased table names its rows by the table's
        // qualified name, which does not resolve against the derived table: it is written for the alias instead.
        Condition w = table.aliased() ? where : RerootedCondition.of(where, table.name(), alias);
        return secure.marked().select(outer).from(rows).where(w).orderBy(order);
    }

    /**
     * The value of computed field {@code cf} on {@code rows}: the call, or under an inherited role's redaction
     * {@code case when <condition> then <call> end}.
     */
    private Field<?> value(SelectPlan plan, dev.hasuraperms.check.ResolvedComputedField cf, Table<?> rows) {
        var given = dev.hasuraperms.enforce.ComputedFieldArguments.read(table.name(), cf,
                arguments.getOrDefault(cf.name(), java.util.Map.of()));
        var template = dev.hasuraperms.internal.sql.ComputedFieldSql.call(cf, given,
                secure.checked().schema().serverMajorVersion());
        Field<?> call = DSL.field("{0}", computedType(cf), new JooqTemplate(template).condition(rows, session));
        if (!plan.rule().redactions().containsKey(cf.name())) {
            return call;
        }
        return secure.permissions().redactionCondition(table.name(), rows, cf.name(), session)
                .<Field<?>>map(visible -> DSL.when(visible, call)).orElse(call);
    }

    private static org.jooq.DataType<?> computedType(dev.hasuraperms.check.ResolvedComputedField cf) {
        return PgDataTypes.of(cf.returnType());
    }

    private static <T> Field<T> redact(Condition visible, Field<T> column, String name) {
        return DSL.when(visible, column).as(DSL.quotedName(name));
    }

    /**
     * Runs the select and returns its only row, for a read by primary key ({@link #byPrimaryKey}).
     *
     * @return the row, or empty when there is none the role may read
     * @throws org.jooq.exception.TooManyRowsException when the select returns more than one row
     */
    public java.util.Optional<Record> fetchOptional() {
        return query().fetchOptional();
    }

    /**
     * Runs the select.
     *
     * @return the rows; empty when none
     */
    public Result<Record> fetch() {
        return query().fetch();
    }
}
