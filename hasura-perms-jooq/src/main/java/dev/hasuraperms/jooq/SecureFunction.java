package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.FunctionPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A call of a tracked function, built by {@link SecureDsl#function}: the rows the function returns that the session's
 * role may read under the select permission of the function's return table (filter, columns, limit), the caller's
 * conditions, ordering and limit on top. The SQL: {@code select "t"."id", ... from "public"."search_tracks"(cast(? as
 * text)) as "t" where (<select filter>) and (<caller's condition>) [order by ...] [offset n rows] [fetch next <limit>
 * rows only]}, every argument a bind value cast to its declared type, the session argument the session variables as
 * JSON. Who may call, the arguments and the refusals are those of {@code SecureJdbc.function}
 * ({@link dev.hasuraperms.enforce.Enforcement#function}). A function exposed as a mutation runs atomically (a
 * savepoint in the caller's transaction, else its own); returned rows the filter hides are left out and its writes
 * stay, as in Hasura.
 *
 * <p>Conditions and order fields name the returned rows through the alias (default: the function's name), e.g.
 * {@code DSL.field(DSL.name("t", "name"), String.class)}. A role whose select permission on the return table redacts
 * cells (an inherited role) reads, as in {@code SecureJdbc.function}, from a derived table under the same alias whose
 * redacted cells are {@code CASE WHEN <condition> THEN <cell> END}. Immutable: each method returns a new builder.
 */
public final class SecureFunction {

    private final SecureDsl secure;
    private final SessionValues session;
    private final QualifiedName function;
    private final String alias;
    private final Map<String, Object> arguments;
    private final List<String> columns;
    private final Condition where;
    private final List<OrderField<?>> orderBy;
    private final OptionalInt limit;
    private final int offset;

    private SecureFunction(SecureDsl secure, SessionValues session, QualifiedName function, String alias,
                           Map<String, Object> arguments, List<String> columns, Condition where,
                           List<OrderField<?>> orderBy, OptionalInt limit, int offset) {
        this.secure = secure;
        this.session = session;
        this.function = function;
        this.alias = alias;
        this.arguments = arguments;
        this.columns = columns;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
    }

    static SecureFunction create(SecureDsl secure, SessionValues session, QualifiedName function) {
        return new SecureFunction(secure, session, Objects.requireNonNull(function, "function"), function.name(),
                Map.of(), List.of(), DSL.noCondition(), List.of(), OptionalInt.empty(), 0);
    }

    /**
     * The alias the returned rows go by (default: the function's unqualified name).
     *
     * @param alias the alias
     * @return a new builder
     * @throws IllegalArgumentException for an empty alias, one holding NUL, or one of the form {@code _hp<n>}
     */
    public SecureFunction as(String alias) {
        checkAlias(alias);
        return new SecureFunction(secure, session, function, alias, arguments, columns, where, orderBy, limit, offset);
    }

    /**
     * An argument, by the name a caller gives it (its SQL name, or {@code arg_<n>} for the n-th unnamed one); the
     * value is read as column values are ({@link dev.hasuraperms.enforce.ColumnValues}), {@code null} is SQL NULL.
     *
     * @param name  the argument's name
     * @param value its value
     * @return a new builder
     */
    public SecureFunction arg(String name, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(arguments);
        a.put(Objects.requireNonNull(name, "name"), value);
        return new SecureFunction(secure, session, function, alias, Collections.unmodifiableMap(a), columns, where,
                orderBy, limit, offset);
    }

    /**
     * The columns of the return table to read, in this order (default: every column the role may read).
     *
     * @param columns the columns' names
     * @return a new builder
     */
    public SecureFunction columns(String... columns) {
        return new SecureFunction(secure, session, function, alias, arguments, List.copyOf(Arrays.asList(columns)),
                where, orderBy, limit, offset);
    }

    /**
     * Adds a condition of the caller on the returned rows (ANDed with earlier ones and the permission's filter).
     *
     * @param condition the condition, naming the rows through the alias
     * @return a new builder
     */
    public SecureFunction where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureFunction(secure, session, function, alias, arguments, columns, DSL.and(where, condition),
                orderBy, limit, offset);
    }

    /**
     * The ordering: fields or sort fields of readable columns of the return table (named by their last name part).
     *
     * @param fields the order fields
     * @return a new builder
     */
    public SecureFunction orderBy(OrderField<?>... fields) {
        List<OrderField<?>> f = new ArrayList<>();
        for (OrderField<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureFunction(secure, session, function, alias, arguments, columns, where, List.copyOf(f), limit,
                offset);
    }

    /**
     * The caller's limit (the permission's, when smaller, wins).
     *
     * @param limit the limit
     * @return a new builder
     */
    public SecureFunction limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        return new SecureFunction(secure, session, function, alias, arguments, columns, where, orderBy,
                OptionalInt.of(limit), offset);
    }

    /**
     * The number of rows to skip (after the ordering, before the limit).
     *
     * @param offset the offset
     * @return a new builder
     */
    public SecureFunction offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        return new SecureFunction(secure, session, function, alias, arguments, columns, where, orderBy, limit, offset);
    }

    private static String checkAlias(String alias) {
        if (Objects.requireNonNull(alias, "alias").isEmpty() || alias.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an alias cannot be empty or hold NUL");
        }
        if (alias.matches("_hp[0-9]+")) {
            // The permission's subqueries go by _hp1, _hp2, ...: rows so aliased would be captured inside them.
            throw new IllegalArgumentException("the alias " + alias + " is reserved for the subqueries of permission"
                    + " predicates (_hp1, _hp2, ...)");
        }
        return alias;
    }

    private FunctionPlan plan() {
        checkAlias(alias);
        FunctionPlan plan = secure.enforcement().function(function, session, arguments, columns, limit);
        List<String> sort = new ArrayList<>();
        for (OrderField<?> o : orderBy) {
            Field<?> f = o instanceof SortField<?> s ? s.$field() : o instanceof Field<?> x ? x : null;
            if (f == null) {
                throw new IllegalArgumentException("order by a field or a sort field, not " + o);
            }
            sort.add(f.getUnqualifiedName().last());
        }
        if (!sort.isEmpty()) {
            secure.enforcement().readableColumns(plan.rule(), sort);
        }
        return plan;
    }

    /**
     * The call as a jOOQ query, not run, validated now (refusals are thrown here).
     *
     * @return the query
     * @throws dev.hasuraperms.enforce.FunctionNotAllowedException      when the function is not tracked or the role
     *                                                                 may not call it
     * @throws dev.hasuraperms.enforce.InvalidFunctionArgumentException for an argument the call cannot take
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException        for a column the role may not read
     */
    public Select<Record> query() {
        return query(plan());
    }

    /**
     * {@code "schema"."fn"(?, "name" => ?) AS "alias"}: the call, every argument a typed bind value; also used by
     * {@link SecureFunctionAggregate}.
     */
    static Table<?> call(QualifiedName function, FunctionPlan plan, Name name) {
        List<QueryPart> args = new ArrayList<>();
        for (FunctionPlan.Argument a : plan.arguments()) {
            TypedValue v = TypedValue.of(a.value(), a.type());
            args.add(a.sqlName().<QueryPart>map(n -> DSL.field("{0} => {1}", DSL.quotedName(n), v)).orElse(v));
        }
        return DSL.table("{0}({1})", DSL.quotedName(function.schema(), function.name()),
                DSL.list(args.toArray(new QueryPart[0]))).as(name);
    }

    private Select<Record> query(FunctionPlan plan) {
        Name name = DSL.quotedName(alias);
        Table<?> rows = call(function, plan, name);
        List<Field<?>> select = new ArrayList<>();
        for (String c : plan.columns()) {
            select.add(DSL.field(name.append(DSL.quotedName(c))));
        }
        QualifiedName returns = plan.rule().table();
        Condition filter = secure.permissions().selectCondition(returns, rows, session);
        Table<?> from = rows;
        if (!plan.rule().redactions().isEmpty()) {
            // An inherited role that redacts cells: as SecureSelect, the rows come from a derived table under the
            // same alias in which each redacted cell is CASE WHEN <its condition> THEN <cell> END, so that the
            // columns read, the caller's condition and the ordering all see the redacted values.
            List<String> all = secure.checked().schema().table(returns)
                    .map(t -> t.columns().stream().map(dev.hasuraperms.schema.Column::name).toList())
                    .orElse(plan.rule().columns());
            List<Field<?>> inner = new ArrayList<>();
            for (String c : all) {
                Field<?> col = DSL.field(name.append(DSL.quotedName(c)));
                inner.add(!plan.rule().redactions().containsKey(c) ? col
                        : secure.permissions().redactionCondition(returns, rows, c, session)
                                .<Field<?>>map(visible -> DSL.when(visible, col).as(DSL.quotedName(c))).orElse(col));
            }
            from = DSL.select(inner).from(rows).where(filter).asTable(name);
            filter = DSL.noCondition();
        }
        Condition condition = DSL.and(filter, where);
        SelectLimitStep<Record> ordered = secure.marked().select(select).from(from).where(condition).orderBy(orderBy);
        if (offset > 0) {
            return plan.limit().isPresent() ? ordered.offset(offset).limit(plan.limit().getAsInt()) : ordered.offset(offset);
        }
        return plan.limit().isPresent() ? ordered.limit(plan.limit().getAsInt()) : ordered;
    }

    /**
     * Calls the function (atomically when it is exposed as a mutation).
     *
     * @return the visible rows
     */
    public Result<Record> fetch() {
        FunctionPlan plan = plan();
        if (plan.function().mutation()) {
            return secure.atomically((ctx, c) -> ctx.fetch(query(plan)));
        }
        return query(plan).fetch();
    }
}
